package io.difyops.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.upgrade.ChangeSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review comment on the two changes people make through pull requests, in a real git repository
 * (jgit) copied from this one: an upgrade (chart version and image tags) and a sizing change (storage
 * and nodes); then its folding and its size limit.
 */
class ReviewCommentTest {
    private static final String SUMMARY = "https://github.example/acme/platform/actions/runs/42";
    @TempDir
    Path tmp;
    Path repo;
    Git git;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        git = Repo.gitCopy(repo, "\nreleaseCatalog: off\n");
        git.checkout().setCreateBranch(true).setName("change").call();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    private void replace(String file, String from, String to) throws Exception {
        Path p = repo.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    private Cli.Result review(String... more) {
        List<String> args = new ArrayList<>(List.of("review", "-C", repo.toString(), "--base", "main", "--offline", "--summary-url", SUMMARY));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void anUpgradeShowsTheChartTheImagesTheValuesAndTheFindingsOfItsEnvironmentOnly() throws Exception {
        replace("clusters/staging/release.yaml", "version: \"3.7.3\"", "version: \"3.7.4\"");
        replace("charts-values/staging/values.yaml", "70571b53ad9d2d9d1ba0108731a2a94ea74df558", "c0c64c75d6c7ef5c273a49aec38adbc7cb952cb4");
        replace("charts-values/staging/values.yaml", "tag: \"0.14.2\"", "tag: \"0.14.3\"");
        Cli.Result r = review();
        assertThat(r.code()).as(r.err()).isZero();
        String md = r.out();
        assertThat(md).startsWith(ReviewComment.MARKER + "\n## difyops review: ❌ ");
        assertThat(md).contains("1 environment changed", "### staging: dify <code>3.7.3</code> → <code>3.7.4</code>");
        assertThat(md).doesNotContain("### prod");
        // eleven images: folded under a count; the values table too
        assertThat(md).contains("<details><summary>11 images change</summary>")
                .contains("| <code>api.image</code> |")
                .contains("<details><summary>11 values change</summary>")
                .contains("<code>c0c64c75d6c7ef5c273a49aec38adbc7cb952cb4</code>");
        // a version moved without its chart lock: the findings say so, open, in staging's section
        String staging = md.substring(md.indexOf("### staging"));
        assertThat(staging).containsPattern("<details open><summary>\\d+ findings? \\(\\d+ errors?\\)</summary>")
                .contains("| <code>clusters/staging/release.yaml:10:7</code> | ❌ error | <code>chart-lock</code> | chart dify 3.7.4 has no lock file");
        assertThat(md.length()).isLessThan(ReviewComment.GITHUB_LIMIT);
    }

    @Test
    void aSizingChangeShowsBeforeAndAfterAndTheCloudResourcesThatChange() throws Exception {
        replace("crossplane/environments/prod/difyenvironment.yaml", "storageGb: 500", "storageGb: 800");
        replace("crossplane/environments/prod/difyenvironment.yaml", "nodeCount: 6", "nodeCount: 8");
        Cli.Result r = review();
        assertThat(r.code()).as(r.err()).isZero();
        String md = r.out();
        assertThat(md).contains("## difyops review: ✅ no findings · 1 environment changed", "### prod: dify unchanged at <code>3.7.3</code>");
        assertThat(md).doesNotContain("### staging");
        assertThat(md).contains("<details open><summary>Sizing and capacity</summary>")
                .contains("| <code>spec.postgres.storageGb</code> | <code>500</code> | <code>800</code> |")
                .contains("| <code>spec.kubernetes.nodeCount</code> | <code>6</code> | <code>8</code> |")
                .containsPattern("\\| capacity \\| <code>requests .* on 6×ecs.u1-c1m4.2xlarge .* \\| <code>requests .* on 8×ecs.u1-c1m4.2xlarge");
        // what Crossplane would change in the cloud: the database's storage and the node pool's size
        String cloud = md.substring(md.indexOf("Crossplane: "));
        assertThat(cloud).containsPattern("Crossplane: \\d+ cloud resources? changes?</summary>");
        assertThat(cloud).contains("<code>800</code>").contains("<code>8</code>").contains("changed<br>");
    }

    @Test
    void nothingChangedSaysSo() {
        Cli.Result r = review();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("✅ no findings · no environment changes").doesNotContain("###");
    }

    @Test
    void findingsFromTheGatesJsonReportAreUsedAsGiven() throws Exception {
        Path report = tmp.resolve("difyops.json");
        Files.writeString(report, """
                {"version": 1, "findings": [
                  {"rule": "version-skip", "severity": "error", "file": "clusters/staging/release.yaml", "line": 10, "column": 16,
                   "pointer": "/spec/chart/spec/version", "resource": "helm.toolkit.fluxcd.io/v2/HelmRelease dify-staging/ack-dify",
                   "message": "dify 3.7.3 → 3.9.1 skips 2 Non-skippable releases"},
                  {"rule": "flux-reference", "severity": "warning", "file": "clusters/management/platform.yaml", "line": 3, "column": 1,
                   "pointer": "", "resource": "", "message": "a <b>bold</b> | pipe, for @octocat in #77"}]}
                """);
        Cli.Result r = review("--findings", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("❌ 1 error, 1 warning", "### staging", "<code>version-skip</code>", "### Other findings",
                "a &lt;b&gt;bold&lt;/b&gt; &#124; pipe");
        // a quoted @name or #number must neither notify anyone nor link an issue (GitHub links them after rendering)
        assertThat(r.out()).contains("@\u200boctocat in #\u200b77").doesNotContain("@octocat").doesNotContain("#77");
        assertThat(review("--findings", tmp.resolve("missing.json").toString()).code()).isEqualTo(2);
    }

    /** Thousands of rows: fewer per table, each cut one pointing at the job summary, and never over the limit. */
    @Test
    void theCommentStaysUnderTheLimitAndPointsAtTheJobSummaryForTheRest() {
        List<ChangeSummary.Change> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            values.add(new ChangeSummary.Change("charts-values/staging/values.yaml", "api.extraEnv[" + i + "].value", "old-" + i, "new-" + i));
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            findings.add(new Finding("schema", Severity.ERROR, "clusters/staging/x.yaml", i + 1, 1, "/spec", "", "problem number " + i));
        }
        var release = new ChangeSummary.Environment("staging", "clusters/staging/release.yaml", "3.7.3", "3.7.4", List.of("3.7.3", "3.7.4"),
                values, List.of(), null, null);
        List<ReviewComment.EnvironmentReview> envs = new ArrayList<>();
        envs.add(new ReviewComment.EnvironmentReview("staging", release, List.of(), List.of(), null, findings));
        var review = new ReviewComment.Review("main (abc1234)", envs, List.of(), 2000, 0, SUMMARY);

        String full = ReviewComment.markdown(review, Integer.MAX_VALUE);
        assertThat(full.length()).isGreaterThan(ReviewComment.GITHUB_LIMIT);
        String fitted = ReviewComment.markdown(review, ReviewComment.GITHUB_LIMIT);
        assertThat(fitted.length()).isLessThanOrEqualTo(ReviewComment.GITHUB_LIMIT);
        assertThat(fitted).contains("more; [the job summary](" + SUMMARY + ") has everything")
                .contains("<details><summary>3000 values change</summary>")
                .contains("<details open><summary>2000 findings (2000 errors)</summary>");
        // balanced folding: every <details> closed
        assertThat(count(fitted, "<details")).isEqualTo(count(fitted, "</details>"));
        String tiny = ReviewComment.markdown(review, 1500);
        assertThat(tiny.length()).isLessThanOrEqualTo(1500);
        assertThat(tiny).startsWith(ReviewComment.MARKER).contains(SUMMARY);
    }

    private static int count(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
