package io.difyops.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.testing.Shared;
import java.nio.file.Files;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * What a new user gets on a fresh clone, with no {@code ../shared} and no network: this test uses
 * neither. The repository validates with 0 errors and 0 warnings, and every resource is checked
 * against a schema from the committed schema lock.
 */
class FreshCloneTest {
    @Test
    void theRepositoryValidatesOfflineWithEveryResourceCheckedAndNoWarning() {
        Cli.Result r = Cli.run("validate", "--offline", "--output", "json", Repo.root().toString());
        JsonNode s = r.json().path("summary");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(s.path("errors").asInt()).isZero();
        assertThat(s.path("warnings").asInt()).as(r.out()).isZero();
        assertThat(s.path("resources").asInt()).isGreaterThan(50);
        assertThat(s.path("checked").asInt()).isEqualTo(s.path("resources").asInt());
        assertThat(s.path("unchecked").asInt()).isZero();
    }

    @Test
    void partOfTheRepositoryIsValidatedWithTheWholeRepositoryInView() {
        for (String part : java.util.List.of("clusters", "clusters/prod", "clusters/prod/release.yaml", "crossplane/environments/prod")) {
            Cli.Result r = Cli.run("validate", "--offline", "--output", "json", Repo.root().resolve(part).toString());
            assertThat(r.code()).as(part + "\n" + r.out()).isZero();
            assertThat(r.json().path("summary").path("warnings").asInt()).as(part).isZero();
            assertThat(r.json().path("summary").path("resources").asInt()).as(part).isPositive();
            assertThat(r.json().path("findings").findValuesAsString("file")).allSatisfy(f -> assertThat(f).startsWith(part));
        }
    }

    @Test
    void oneMistakeGivesOneFindingWithTheFix(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path copy = Repo.brokenCopy(tmp.resolve("repo"), "crossplane/environments/prod/difyenvironment.yaml",
                "nodeCount: 6", "nodeCount: 2");
        Cli.Result r = Cli.run("validate", "--offline", "--output", "json", copy.toString());
        assertThat(r.code()).isEqualTo(1);
        // The XRD's minimum (schema) and the capacity shortfall at the same field are explained by node-count.
        assertThat(r.json().path("findings").findValuesAsString("rule")).as(r.out()).containsExactly("node-count");
        assertThat(r.json().path("findings").get(0).path("message").asString()).contains("Set 3 or more");
    }

    @Test
    void theCommittedLockCoversEveryPinAndEverySchemaFileIsIntact() {
        Cli.Result r = Cli.run("schemas", "lock", "--repo=" + Repo.root(), "--check", "--offline");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("every schema file is intact");
    }

    @Test
    void sharedDataIsLookedForOnlyBesideTheRepository() {
        assertThat(Shared.present()).isEqualTo(Files.isDirectory(Repo.root().resolveSibling("shared").resolve("reference")));
    }
}
