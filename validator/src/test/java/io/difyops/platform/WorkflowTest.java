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

    @Test
    void theReviewCommentIsOneCommentEditedInPlaceAndAForkFallsBackToTheJobSummary() throws Exception {
        assertThat(workflow().at("/permissions/pull-requests").asString()).isEqualTo("write");
        JsonNode write = steps().stream().filter(s -> s.path("run").asString("").contains("./difyops review")).findFirst().orElseThrow();
        assertThat(write.path("run").asString()).contains("--findings difyops.json").contains("--summary-url \"$SUMMARY_URL\"");
        assertThat(write.path("continue-on-error").asBoolean()).isTrue();
        assertThat(steps()).anySatisfy(s -> assertThat(s.path("run").asString("")).contains("--also json=difyops.json"));
        JsonNode post = steps().stream().filter(s -> s.path("uses").asString("").startsWith("actions/github-script@")).findFirst().orElseThrow();
        String script = post.at("/with/script").asString();
        assertThat(script).contains("<!-- difyops-review -->").contains(io.difyops.review.ReviewComment.MARKER)
                .contains("updateComment").contains("createComment")
                .contains("pr.head.repo.full_name").contains("core.summary.addRaw(body)")
                .contains("e.status !== 403");
        assertThat(post.path("continue-on-error").asBoolean()).as("a comment that cannot be posted never turns the gate red").isTrue();
    }

    @Test
    void theCompositeActionRunsTheGateInThreeLines() throws Exception {
        String text = Files.readString(Repo.root().resolve("action.yml"));
        JsonNode action = new YamlReader(Limits.DEFAULT, true).read("action.yml", text, new Findings()).get(0).root();
        assertThat(action.at("/runs/using").asString()).isEqualTo("composite");
        assertThat(action.at("/inputs/fail-on/default").asString()).isEqualTo("error");
        List<JsonNode> steps = new ArrayList<>();
        action.at("/runs/steps").forEach(steps::add);
        // every run step of a composite action must name its shell
        steps.stream().filter(s -> s.has("run")).forEach(s -> assertThat(s.path("shell").asString()).isEqualTo("bash"));
        JsonNode validate = steps.stream().filter(s -> s.path("id").asString("").equals("validate")).findFirst().orElseThrow();
        assertThat(validate.path("run").asString()).contains("\"$GITHUB_ACTION_PATH/difyops\" validate --ci").contains("--fail-on \"$FAIL_ON\"")
                .contains("GITHUB_STEP_SUMMARY").contains("GITHUB_OUTPUT");
        assertThat(action.at("/outputs/exit-code/value").asString()).contains("steps.validate.outputs.exit");
        // the README's three lines
        assertThat(Files.readString(Repo.root().resolve("README.md"))).contains("uses: actions/checkout@v4").contains("with: {fetch-depth: 0}")
                .containsPattern("uses: [^\\s]+/difyops@");
    }

    @Test
    void thePreCommitHookRunsTheGateOnTheChangedFiles() throws Exception {
        String text = Files.readString(Repo.root().resolve(".pre-commit-hooks.yaml"));
        JsonNode hook = new YamlReader(Limits.DEFAULT, true).read("hooks", text, new Findings()).get(0).root().get(0);
        assertThat(hook.path("id").asString()).isEqualTo("difyops-validate");
        assertThat(hook.path("language").asString()).isEqualTo("script");
        assertThat(hook.path("pass_filenames").asBoolean()).isTrue();
        String entry = hook.path("entry").asString();
        assertThat(entry).startsWith("./difyops validate ");
        assertThat(Files.isExecutable(Repo.root().resolve(entry.split(" ")[0]))).isTrue();
        java.util.regex.Pattern files = java.util.regex.Pattern.compile(hook.path("files").asString());
        assertThat(files.matcher("clusters/staging/release.yaml").find()).isTrue();
        assertThat(files.matcher("charts-values/dify-releases.json").find()).isTrue();
        assertThat(files.matcher("README.md").find()).isFalse();
        // what pre-commit runs: the entry's arguments, then the staged files (inside the repository: its whole model)
        List<String> args = new ArrayList<>(List.of(entry.substring("./difyops ".length()).split(" ")));
        args.add(Repo.root().resolve("clusters/staging/release.yaml").toString());
        args.add(Repo.root().resolve("charts-values/staging/values.yaml").toString());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }
}
