package io.difyops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.difyops.testing.Cli;
import io.difyops.testing.HelmRepos;
import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The upgrade gate on real git repositories (jgit, in temp dirs): a copy of this repository on
 * main, each scenario a branch against it, the dify chart served by a real Helm repository on
 * 127.0.0.1 built from the reference values of 3.5.5, 3.6.2, 3.7.3, 3.7.4 and 3.9.1.
 */
class UpgradeGateTest {
    static final String STAGING_HR = "clusters/staging/release.yaml";
    static final String STAGING_FLUX = "clusters/management/dify-staging.yaml";
    static final String STAGING_VALUES = "charts-values/staging/values.yaml";

    @TempDir
    Path tmp;
    Path repo;
    Git git;
    HttpServer charts;
    String chartUrl;

    @BeforeEach
    void setUp() throws Exception {
        charts = HelmRepos.serve(HelmRepos.build(tmp.resolve("charts")));
        chartUrl = HelmRepos.url(charts);
        repo = tmp.resolve("repo");
        for (String dir : List.of("clusters", "charts-values", "crossplane")) {
            Repo.copy(Repo.root().resolve(dir), repo.resolve(dir));
        }
        // The repository's policy, without its remote schema locations: these tests may go online, but only to 127.0.0.1.
        String config = Files.readString(Repo.root().resolve(".difyops.yaml"));
        config = config.replaceAll("(?s)schemaLocations:.*?\n(?=\\S)", "")
                + "\nreleaseCatalog: off\n";
        Files.writeString(repo.resolve(".difyops.yaml"), config);
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        commit("the repository as it is");
    }

    @AfterEach
    void tearDown() {
        // setUp may have stopped early (no ../shared): close only what it opened.
        if (git != null) {
            git.close();
        }
        if (charts != null) {
            charts.stop(0);
        }
    }

    private RevCommit commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private void branch(String name) throws Exception {
        git.checkout().setCreateBranch(true).setName(name).call();
    }

    private Cli.Result validate(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("validate", "--output", "json", "--online", "--chart-source", chartUrl,
                "--cache-dir", tmp.resolve("cache").toString()));
        args.addAll(Repo.referenceLocations());
        args.addAll(List.of(extra));
        args.add(repo.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Result bump(String env, String to, String... extra) {
        List<String> args = new ArrayList<>(List.of("bump", "-C", repo.toString(), "--env", env, "--to", to, "--chart-source", chartUrl));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private void replace(String file, String from, String to) throws Exception {
        Path p = repo.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    private static List<JsonNode> findings(Cli.Result r, String rule) {
        List<JsonNode> out = new ArrayList<>();
        r.json().path("findings").forEach(f -> {
            if (f.path("rule").asString().equals(rule)) {
                out.add(f);
            }
        });
        return out;
    }

    @Test
    void theRepositoryAsItIsPasses() throws Exception {
        Cli.Result r = validate("--base", "main");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    @Test
    void bumpToTheNextVersionPassesAndKeepsEveryOtherByte() throws Exception {
        branch("staging-3.7.4");
        String hrBefore = Files.readString(repo.resolve(STAGING_HR));
        String valuesBefore = Files.readString(repo.resolve(STAGING_VALUES));
        Cli.Result b = bump("staging", "3.7.4");
        assertThat(b.code()).as(b.out() + b.err()).isZero();
        assertThat(repo.resolve("charts-values/locks/dify-3.7.4.lock.yaml")).exists();
        String hrAfter = Files.readString(repo.resolve(STAGING_HR));
        String valuesAfter = Files.readString(repo.resolve(STAGING_VALUES));
        assertThat(hrAfter).isEqualTo(hrBefore.replace("version: \"3.7.3\"", "version: \"3.7.4\""));
        assertThat(valuesAfter).isEqualTo(valuesBefore.replace("70571b53ad9d2d9d1ba0108731a2a94ea74df558", "c0c64c75d6c7ef5c273a49aec38adbc7cb952cb4")
                .replace("tag: \"0.14.2\"", "tag: \"0.14.3\"").replace("tag: \"0.14.1\"", "tag: \"0.14.3\"")
                // 3.7.4 also moves the plugin gateway to nginx:1.29.4-alpine (a plain image string)
                .replace("mirror/nginx:1.27.3", "mirror/nginx:1.29.4-alpine"));
        assertThat(Files.readString(repo.resolve("charts-values/prod/values.yaml")))
                .isEqualTo(Files.readString(Repo.root().resolve("charts-values/prod/values.yaml")));

        Cli.Result again = bump("staging", "3.7.4");
        assertThat(again.out()).contains("nothing to change");
        assertThat(Files.readString(repo.resolve(STAGING_VALUES))).isEqualTo(valuesAfter);

        commit("staging: dify 3.7.4");
        Cli.Result r = validate("--base", "main");
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void aBumpKilledAfterItsFirstRenameIsFinishedByTheNextBump() throws Exception {
        branch("staging-3.7.4-killed");
        AtomicFileSetTest.stopAfter(1);
        Cli.Result killed;
        try {
            killed = bump("staging", "3.7.4");
        } finally {
            AtomicFileSet.rename = (from, to) -> Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        assertThat(killed.code()).isEqualTo(2);
        assertThat(findings(validate("--base", "main"), "bump-unfinished")).hasSize(1);
        Cli.Result rerun = bump("staging", "3.7.4");
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("finished an interrupted change (bump staging from dify 3.7.3 to 3.7.4)")
                .contains("2 of 3 file(s)").contains("nothing to change");
        assertThat(Files.readString(repo.resolve(STAGING_HR))).contains("version: \"3.7.4\"");
        assertThat(Files.readString(repo.resolve(STAGING_VALUES))).contains("c0c64c75d6c7ef5c273a49aec38adbc7cb952cb4");
        commit("staging: dify 3.7.4");
        Cli.Result r = validate("--base", "main");
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void anImageLeftBehindIsStaleAtItsLine() throws Exception {
        branch("staging-3.7.4-partial");
        assertThat(bump("staging", "3.7.4").code()).isZero();
        String values = Files.readString(repo.resolve(STAGING_VALUES));
        int at = values.indexOf("mirror/langgenius/dify-enterprise\n");
        int tag = values.indexOf("tag: \"0.14.3\"", at);
        Files.writeString(repo.resolve(STAGING_VALUES), values.substring(0, tag) + "tag: \"0.14.2\"" + values.substring(tag + 13));
        Cli.Result r = validate("--base", "main");
        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> stale = findings(r, "image-tag-stale");
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0).path("file").asString()).isEqualTo(STAGING_VALUES);
        assertThat(stale.get(0).path("line").asInt()).isEqualTo(Repo.lineOf(repo.resolve(STAGING_VALUES), "tag: \"0.14.2\""));
        assertThat(stale.get(0).path("message").asString()).contains("enterprise.image").contains("'0.14.2'").contains("0.14.3");
    }

    @Test
    void jumpingOverANonSkippableReleaseFailsAndNamesIt() throws Exception {
        assertThat(bump("staging", "3.7.4").code()).isZero();
        commit("staging: dify 3.7.4");
        branch("staging-3.9.1");
        replace(STAGING_HR, "version: \"3.7.4\"", "version: \"3.9.1\"");
        Cli.Result r = validate("--base", "main");
        List<JsonNode> skip = findings(r, "version-skip");
        assertThat(skip).hasSize(1);
        assertThat(skip.get(0).path("message").asString()).contains("3.7.4 → 3.8.0 → 3.9.0 → 3.9.1").contains("3.8.0: Database migration");
        assertThat(skip.get(0).path("line").asInt()).isEqualTo(Repo.lineOf(repo.resolve(STAGING_HR), "version: \"3.9.1\""));

        replace(STAGING_HR, "version: \"3.9.1\"", "version: \"3.7.4\"");
        Cli.Result refused = bump("staging", "3.9.1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("3.7.4 → 3.8.0").contains("--to 3.8.0");
    }

    @Test
    void aRangeFails() throws Exception {
        branch("range");
        replace(STAGING_HR, "version: \"3.7.3\"", "version: \">=3.7.0\"");
        Cli.Result r = validate("--base", "main");
        assertThat(findings(r, "chart-version-pinned")).hasSize(1);
    }

    @Test
    void aGitRevertOfAnUpgradePasses() throws Exception {
        assertThat(bump("staging", "3.7.4").code()).isZero();
        RevCommit upgrade = commit("staging: dify 3.7.4");
        branch("rollback");
        git.revert().include(upgrade).call();
        assertThat(Files.readString(repo.resolve(STAGING_HR))).contains("version: \"3.7.3\"");
        Cli.Result r = validate("--base", "main");
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void anyOtherDowngradeFails() throws Exception {
        assertThat(bump("staging", "3.7.4").code()).isZero();
        commit("staging: dify 3.7.4");
        branch("downgrade");
        replace(STAGING_HR, "version: \"3.7.4\"", "version: \"3.6.2\"");
        Cli.Result r = validate("--base", "main");
        List<JsonNode> down = findings(r, "downgrade");
        assertThat(down).hasSize(1);
        assertThat(down.get(0).path("message").asString()).contains("3.7.4 → 3.6.2").contains("would restore 3.7.3");
    }

    @Test
    void anOverrideThatMissesThe39RenameFails() throws Exception {
        branch("prod-3.9.1-by-hand");
        assertThat(Cli.run("lock", "-C", repo.toString(), "--version", "3.9.1", "--chart-source", chartUrl).code()).isZero();
        replace("clusters/prod/release.yaml", "version: \"3.7.3\"", "version: \"3.9.1\"");
        replace("charts-values/prod/values.yaml", "70571b53ad9d2d9d1ba0108731a2a94ea74df558", "3.9.1");
        Cli.Result r = validate("--base", "main");
        List<JsonNode> repos = findings(r, "image-repository");
        assertThat(repos).isNotEmpty();
        assertThat(repos.get(0).path("message").asString()).contains("'g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/dify-api'")
                .contains("'langgenius/dify-ee-api'").contains("dify/dify-ee-api");
        assertThat(repos.get(0).path("file").asString()).isEqualTo("charts-values/prod/values.yaml");
    }

    @Test
    void aTypoInAValuesKeyIsCaughtWithItsSuggestion() throws Exception {
        branch("typo");
        replace("charts-values/base/values.yaml", "  useSSL: false", "  useSLL: false");
        Cli.Result r = validate("--base", "main");
        List<JsonNode> unknown = findings(r, "values-unknown-key");
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).path("message").asString()).contains("externalRedis.useSLL").contains("did you mean externalRedis.useSSL?");
        assertThat(unknown.get(0).path("line").asInt()).isEqualTo(Repo.lineOf(repo.resolve("charts-values/base/values.yaml"), "useSLL"));
    }

    @Test
    void aLockThatDisagreesWithTheRealChartFailsOnline() throws Exception {
        branch("tampered-lock");
        replace("charts-values/locks/dify-3.7.3.lock.yaml", "tag: 0.14.2", "tag: 0.14.9");
        Cli.Result r = validate("--base", "main");
        assertThat(findings(r, "chart-lock")).isNotEmpty();
        assertThat(findings(r, "chart-lock").get(0).path("message").asString()).contains("0.14.9");
    }

    @Test
    void uncommittedChangesCountAndAShallowCloneSaysToFetchEverything() throws Exception {
        branch("uncommitted");
        replace(STAGING_HR, "version: \"3.7.3\"", "version: \"3.9.1\"");
        assertThat(findings(validate("--base", "main"), "version-skip")).hasSize(1);

        Cli.Result unknown = Cli.run("validate", "--offline", "--base", "origin/does-not-exist", repo.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("names no commit");
    }

    @Test
    void aShallowCloneWithoutTheMergeBaseSaysToFetchTheWholeHistory() throws Exception {
        git.checkout().setName("main").call();
        replace(STAGING_FLUX, "interval: 30m", "interval: 20m");
        commit("main moves on");
        git.checkout().setCreateBranch(true).setName("feature").setStartPoint("HEAD~1").call();
        replace(STAGING_FLUX, "interval: 30m", "interval: 40m");
        commit("feature 1");
        replace(STAGING_FLUX, "interval: 40m", "interval: 45m");
        replace("crossplane/environments/prod/difyenvironment.yaml", "storageGb: 500", "storageGb: 400");
        commit("feature 2: and a disk shrink that only the base comparison sees");
        Path shallow = tmp.resolve("shallow");
        Git.cloneRepository().setURI(repo.toUri().toString()).setDirectory(shallow.toFile()).setDepth(1).setBranch("feature").call().close();
        assertThat(shallow.resolve(".git/shallow")).exists();
        Cli.Result r = Cli.run("validate", "--offline", "--base", "origin/main", shallow.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("shallow clone").contains("fetch-depth: 0").doesNotContain("\tat ");

        // Without --base, a shallow clone validates with the base-less rules, and says which did not run:
        // a warning on a workstation, an error in CI unless --allow-no-base.
        Cli.Result implicit = Cli.run("validate", "--offline", "--ignore-missing-schemas", "--allow-no-base", "--output", "json",
                shallow.toString());
        assertThat(implicit.err()).isEmpty();
        assertThat(findings(implicit, "storage-shrink")).isEmpty();
        JsonNode missing = findings(implicit, "base-missing").get(0);
        assertThat(missing.path("severity").asString()).isEqualTo("warning");
        assertThat(missing.path("message").asString()).contains("did not run").contains("fetch-depth: 0");
        assertThat(missing.path("detail").asString()).contains("shallow clone").contains("storage-shrink").contains("downgrade");
        Cli.Result ci = Cli.run("validate", "--offline", "--ignore-missing-schemas", "--ci", "--output", "json", shallow.toString());
        assertThat(ci.code()).isEqualTo(1);
        assertThat(findings(ci, "base-missing").get(0).path("severity").asString()).isEqualTo("error");
    }

    @Test
    void bumpDiffAndValidateAgreeOnThePathWithTheUpstreamCatalogMergedIn() throws Exception {
        // The upstream catalog (served here) adds a stop that the repository's copy does not know.
        Files.writeString(tmp.resolve("charts/catalog.json"), "{\"schemaVersion\": 1, \"releases\": [{\"version\": \"3.7.4\", "
                + "\"unskippable\": true, \"stopSummary\": \"an upstream-only stop\"}]}");
        replace(".difyops.yaml", "releaseCatalog: off", "releaseCatalog: " + chartUrl + "/catalog.json");
        commit("use the upstream catalog");
        branch("staging-3.9.1");
        java.util.regex.Pattern version = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+");
        Cli.Result b = bump("staging", "3.9.1", "--dry-run");
        assertThat(b.code()).isEqualTo(1);
        replace(STAGING_HR, "version: \"3.7.3\"", "version: \"3.9.1\"");
        commit("a jump");
        String skip = findings(validate("--base", "main"), "version-skip").get(0).path("message").asString();
        Cli.Result d = Cli.run("diff", "-C", repo.toString(), "--base", "main");
        List<String> expected = List.of("3.7.3", "3.7.4", "3.8.0", "3.9.0", "3.9.1");
        for (String text : List.of(b.err().substring(b.err().indexOf("along")), skip.substring(skip.indexOf("along")),
                d.out().substring(d.out().indexOf("path:")))) {
            String arrows = text.lines().findFirst().orElseThrow();
            List<String> path = version.matcher(arrows.replaceAll("\\([^)]*\\)", "")).results().map(java.util.regex.MatchResult::group)
                    .limit(5).toList();
            assertThat(path).as(text).isEqualTo(expected);
        }
    }

    @Test
    void diffShowsTheVersionPathImagesValuesAndSizing() throws Exception {
        branch("review");
        assertThat(bump("staging", "3.7.4").code()).isZero();
        replace("crossplane/environments/prod/difyenvironment.yaml", "storageGb: 500", "storageGb: 800");
        Cli.Result text = Cli.run("diff", "-C", repo.toString(), "--base", "main");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("staging (clusters/staging/release.yaml)").contains("chart dify: 3.7.3 → 3.7.4")
                .contains("image enterprise.image: difyops-registry.cn-shanghai.cr.aliyuncs.com/mirror/langgenius/dify-enterprise:0.14.2 → "
                        + "difyops-registry.cn-shanghai.cr.aliyuncs.com/mirror/langgenius/dify-enterprise:0.14.3")
                .contains("prod spec.postgres.storageGb: 500 → 800")
                .contains("chart dify: unchanged at 3.7.3")
                .contains("capacity before: requests").contains("on 3×ecs.u1-c1m4.2xlarge minus one node");
        Cli.Result md = Cli.run("diff", "-C", repo.toString(), "--base", "main", "--output", "markdown");
        assertThat(md.out()).contains("| `enterprise.image` |").contains("| prod | `spec.postgres.storageGb` | 500 | 800 |");
        JsonNode json = Cli.run("diff", "-C", repo.toString(), "--base", "main", "--output", "json").json();
        JsonNode staging = json.path("environments").valueStream().filter(e -> e.path("name").asString().equals("staging")).findFirst().orElseThrow();
        assertThat(staging.path("from").asString()).isEqualTo("3.7.3");
        assertThat(staging.path("to").asString()).isEqualTo("3.7.4");
        assertThat(staging.path("images").size()).isEqualTo(13);   // 12 tags and the nginx gateway string

        replace(STAGING_HR, "version: \"3.7.4\"", "version: \"3.9.1\"");
        assertThat(Cli.run("diff", "-C", repo.toString(), "--base", "main").out()).contains("path: 3.7.3 → 3.8.0 → 3.9.0 → 3.9.1");
    }

    @Test
    void diffLeavesOutEnvironmentsTheChangeDoesNotTouch() throws Exception {
        branch("quiet");
        Cli.Result nothing = Cli.run("diff", "-C", repo.toString(), "--base", "main");
        assertThat(nothing.code()).as(nothing.err()).isZero();
        assertThat(nothing.out()).contains("no environment changes").doesNotContain("staging (").doesNotContain("prod (");
        assertThat(bump("staging", "3.7.4").code()).isZero();
        Cli.Result text = Cli.run("diff", "-C", repo.toString(), "--base", "main");
        assertThat(text.out()).contains("staging (clusters/staging/release.yaml)").doesNotContain("prod (clusters/prod/release.yaml)");
        Cli.Result md = Cli.run("diff", "-C", repo.toString(), "--base", "main", "--output", "markdown");
        assertThat(md.out()).contains("### staging").doesNotContain("### prod").doesNotContain("`3.7.3` → `3.7.3`");
    }

    @Test
    void bumpDryRunWritesNothing() throws Exception {
        branch("dry");
        String before = Files.readString(repo.resolve(STAGING_VALUES));
        Cli.Result r = bump("staging", "3.7.4", "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--- a/charts-values/staging/values.yaml").contains("+    tag: \"0.14.3\"").contains("would write");
        assertThat(Files.readString(repo.resolve(STAGING_VALUES))).isEqualTo(before);
        assertThat(repo.resolve("charts-values/locks/dify-3.7.4.lock.yaml")).doesNotExist();
    }
}
