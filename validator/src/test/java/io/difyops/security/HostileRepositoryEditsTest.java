package io.difyops.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile edits of this repository's own files (issue 13): odd versions, locks, tags and values and
 * links out of the repository are findings at their line or a refusal that names the file, never a
 * crash, and never quote what lies outside. Offline, no ../shared needed.
 */
class HostileRepositoryEditsTest {
    @TempDir
    Path tmp;

    private static Cli.Result validate(Path repo) {
        return Cli.run("validate", "--ci=false", "--offline", "--output", "json", repo.toString());
    }

    private static void noCrash(Cli.Result r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("internal-error");
    }

    private static List<String> rules(Cli.Result r) {
        return r.json().path("findings").findValuesAsString("rule");
    }

    @Test
    void aChartVersionBeyondAnyIntegerIsNotPinned() throws Exception {
        Path repo = Repo.brokenCopy(tmp, "clusters/staging/release.yaml", "version: \"3.7.3\"", "version: \"99999999999.0.0\"");
        Cli.Result r = validate(repo);
        noCrash(r);
        assertThat(r.code()).isEqualTo(1);
        assertThat(rules(r)).contains("chart-version-pinned");
    }

    @Test
    void aLockWhoseKeysAreAMappingIsRefusedByName() throws Exception {
        Path repo = Repo.brokenCopy(tmp, "charts-values/locks/dify-3.7.3.lock.yaml", "keys:", "keys:\n  a: b\nx:");
        Cli.Result r = validate(repo);
        noCrash(r);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("chart-lock").contains("keys must be a list of strings");
        assertThat(rules(r)).doesNotContain("values-unknown-key"); // not misread as a lock without keys
    }

    @Test
    void anImageTagThatIsAListIsAFindingAtTheTag() throws Exception {
        Path repo = Repo.brokenCopy(tmp, "charts-values/staging/values.yaml", "tag: \"70571b53ad9d2d9d1ba0108731a2a94ea74df558\"",
                "tag: [v1, v2]");
        Cli.Result r = validate(repo);
        noCrash(r);
        assertThat(r.out()).contains("image-tag-floating").contains(".tag is a list");
    }

    @Test
    void anEmptyValuesFileIsAChangeOfEveryKeyItSetInDiff() throws Exception {
        Path repo = Repo.brokenCopy(tmp, "charts-values/staging/values.yaml", "", "");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        for (String emptied : List.of("", "# only a comment\n")) {
            Files.writeString(repo.resolve("charts-values/staging/values.yaml"), emptied);
            Cli.Result d = Cli.run("diff", "-C", repo.toString(), "--base", "main", "--offline");
            assertThat(d.code()).as(d.err()).isZero();
            assertThat(d.err()).doesNotContain("Exception");
            assertThat(d.out()).contains("api.image.tag: 70571b53ad9d2d9d1ba0108731a2a94ea74df558 → (none)").doesNotContain("  value charts-values/staging/values.yaml :");
            Cli.Result v = validate(repo);
            noCrash(v);
        }
    }

    @Test
    void aPolicyOrCatalogThatLinksOutOfTheRepositoryIsNotRead() throws Exception {
        Path outside = Files.createTempFile("outside", ".json");
        Files.writeString(outside, "{\"stolen\": \"machine-secret-value\"}\nnot json at all");
        try {
            Path repo = Repo.brokenCopy(tmp, "charts-values/dify-releases.json", "", "");
            Files.delete(repo.resolve("charts-values/dify-releases.json"));
            Files.createSymbolicLink(repo.resolve("charts-values/dify-releases.json"), outside);
            Cli.Result r = validate(repo);
            noCrash(r);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out() + r.err()).contains("links outside the repository").doesNotContain("machine-secret-value");

            Files.delete(repo.resolve(".difyops.yaml"));
            Files.createSymbolicLink(repo.resolve(".difyops.yaml"), outside);
            Cli.Result p = validate(repo);
            assertThat(p.code()).isEqualTo(2);
            assertThat(p.out() + p.err()).contains("links outside the repository").doesNotContain("machine-secret-value")
                    .doesNotContain("stolen");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aBrokenDefinitionElsewhereDoesNotBreakAnotherFolder() throws Exception {
        Path repo = Repo.brokenCopy(tmp, "clusters/prod/release.yaml", "", "");
        Files.createDirectories(repo.resolve("clusters/extra"));
        Files.writeString(repo.resolve("clusters/extra/crd.yaml"), Widgets.crd("e.io", "X", "type: object\nproperties: \"oops\"\n"));
        Cli.Result whole = validate(repo);
        noCrash(whole);
        assertThat(whole.json().path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asString().equals("schema")).map(f -> f.path("file").asString() + ":" + f.path("line").asInt())
                .toList()).containsExactly("clusters/extra/crd.yaml:16");
        Cli.Result prod = Cli.run("validate", "--ci=false", "--offline", "--output", "json", repo.resolve("clusters/prod").toString());
        noCrash(prod);
        assertThat(prod.code()).as(prod.out()).isZero();
    }
}
