package io.difyops.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.diag.Findings;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The CI workflow that runs the gate on every pull request, read as GitHub reads it. */
class WorkflowTest {
    private static JsonNode workflow() throws Exception {
        String text = Files.readString(Repo.root().resolve(".github/workflows/validate.yml"));
        return new YamlReader(Limits.DEFAULT, true).read("validate.yml", text, new Findings()).get(0).root();
    }

    private static List<JsonNode> steps() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        workflow().at("/jobs/gate/steps").forEach(out::add);
        return out;
    }

    @Test
    void theSarifUploadHasItsPermissionsAndCannotTurnTheGateRed() throws Exception {
        assertThat(workflow().at("/permissions/actions").asString()).isEqualTo("read");
        assertThat(workflow().at("/permissions/security-events").asString()).isEqualTo("write");
        JsonNode upload = steps().stream().filter(s -> s.path("uses").asString("").startsWith("github/codeql-action/upload-sarif"))
                .findFirst().orElseThrow();
        assertThat(upload.path("continue-on-error").asBoolean()).isTrue();
    }

    @Test
    void theGateRunsOnceAgainstThePullRequestsOwnBase() throws Exception {
        List<JsonNode> runs = steps().stream().filter(s -> s.path("run").asString("").contains("./difyops validate")).toList();
        assertThat(runs).hasSize(1);
        String run = runs.get(0).path("run").asString();
        assertThat(run).contains("--base \"$BASE\"").contains("--also sarif=").contains("--also markdown=").contains("--ci");
        assertThat(runs.get(0).at("/env/BASE").asString()).contains("github.base_ref").contains("github.event.before");
        // the failing step reads the one run's exit code
        assertThat(steps()).anySatisfy(s -> assertThat(s.path("if").asString("")).contains("steps.validate.outputs.exit"));
    }

    @Test
    void theSchemaCacheIsKeyedOnTheLocks() throws Exception {
        JsonNode cache = steps().stream().filter(s -> s.path("uses").asString("").startsWith("actions/cache")).findFirst().orElseThrow();
        assertThat(cache.at("/with/key").asString()).contains("hashFiles('schemas/lock.yaml'");
    }

    @Test
    void oneRunWritesEveryReport(@TempDir Path tmp) throws Exception {
        Path sarif = tmp.resolve("r.sarif");
        Path md = tmp.resolve("r.md");
        Cli.Result r = Cli.run("validate", "--also", "sarif=" + sarif, "--also", "markdown=" + md, Repo.root().toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Summary:");
        assertThat(Files.readString(sarif)).contains("\"version\"").contains("2.1.0");
        assertThat(Files.readString(md)).contains("difyops");
        assertThat(Cli.run("validate", "--also", "sarif", Repo.root().toString()).code()).isEqualTo(2);
    }
}
