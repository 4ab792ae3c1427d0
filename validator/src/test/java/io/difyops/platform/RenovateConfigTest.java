package io.difyops.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.load.Json;
import io.difyops.testing.Cli;
import io.difyops.testing.HelmRepos;
import io.difyops.testing.Repo;
import io.difyops.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * .github/renovate.json against this repository: its file pattern and regular expression find every
 * environment's chart version (Renovate runs them on RE2; these are plain enough to mean the same in
 * Java), its stop rules follow the release catalog, and its post-upgrade command turns Renovate's
 * version-only edit into a change the gate passes.
 */
class RenovateConfigTest {
    @TempDir
    Path tmp;

    private static JsonNode config() throws Exception {
        return Json.parse(Files.readString(Repo.root().resolve(".github/renovate.json")));
    }

    private static Pattern slashed(String p) {
        assertThat(p).startsWith("/").endsWith("/");
        return Pattern.compile(p.substring(1, p.length() - 1));
    }

    private static List<String> releaseFiles(Path root, Pattern files) throws Exception {
        try (Stream<Path> s = Files.walk(root.resolve("clusters"))) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> files.matcher(f).find()).sorted().toList();
        }
    }

    @Test
    void theRegularExpressionFindsEveryEnvironmentsChartVersionAndNothingElse() throws Exception {
        JsonNode manager = config().path("customManagers").get(0);
        assertThat(manager.path("customType").asString()).isEqualTo("regex");
        assertThat(manager.path("datasourceTemplate").asString()).isEqualTo("helm");
        assertThat(manager.path("registryUrlTemplate").asString()).isEqualTo("https://langgenius.github.io/dify-helm");
        Pattern files = slashed(manager.path("managerFilePatterns").get(0).asString());
        Pattern version = Pattern.compile(manager.path("matchStrings").get(0).asString());
        List<String> found = releaseFiles(Repo.root(), files);
        assertThat(found).containsExactly("clusters/prod/release.yaml", "clusters/staging/release.yaml");
        for (String f : found) {
            Matcher m = version.matcher(Files.readString(Repo.root().resolve(f)));
            assertThat(m.find()).as(f).isTrue();
            assertThat(m.group("currentValue")).isEqualTo("3.7.3");
            assertThat(m.find()).as("one version per file").isFalse();
        }
        // the chart's own values never match: only the HelmRelease's spec.chart.spec.version
        assertThat(version.matcher("image:\n  tag: \"3.7.3\"\nversion: \"3.7.3\"\n").find()).isFalse();
    }

    @Test
    void theStopRulesFollowTheReleaseCatalog() throws Exception {
        ReleaseCatalog catalog = ReleaseCatalog.load(Repo.root(), true, null);
        List<ChartVersion> stops = catalog.all().stream().filter(ReleaseCatalog.Release::unskippable).map(ReleaseCatalog.Release::version)
                .sorted().toList();
        assertThat(stops).isNotEmpty();
        List<JsonNode> rules = new ArrayList<>();
        config().path("packageRules").forEach(r -> {
            if (r.has("allowedVersions")) {
                rules.add(r);
            }
        });
        assertThat(rules).hasSize(stops.size());
        for (int i = 0; i < stops.size(); i++) {
            String expectedCurrent = (i == 0 ? "" : ">=" + stops.get(i - 1) + " ") + "<" + stops.get(i);
            assertThat(rules.get(i).path("matchCurrentVersion").asString()).isEqualTo(expectedCurrent);
            assertThat(rules.get(i).path("allowedVersions").asString()).isEqualTo("<=" + stops.get(i));
        }
        // what Renovate proposes from 3.7.3 among the chart's published versions: the newest not past 3.8.0
        List<ChartVersion> published = Stream.of("3.5.5", "3.6.2", "3.7.3", "3.7.4", "3.8.0", "3.8.1", "3.9.0", "3.9.1")
                .map(v -> ChartVersion.parse(v).orElseThrow()).toList();
        assertThat(proposal(config(), "3.7.3", published)).hasValue("3.8.0");
        assertThat(proposal(config(), "3.8.0", published)).hasValue("3.9.0");
        assertThat(proposal(config(), "3.9.0", published)).hasValue("3.9.1");
    }

    /** Renovate's choice for the dify dependency at {@code current}: the newest published version its rules allow. */
    static Optional<String> proposal(JsonNode config, String current, List<ChartVersion> published) {
        ChartVersion now = ChartVersion.parse(current).orElseThrow();
        List<String> allowed = new ArrayList<>();
        config.path("packageRules").forEach(r -> {
            if (r.has("allowedVersions") && satisfies(now, r.path("matchCurrentVersion").asString())) {
                allowed.add(r.path("allowedVersions").asString());
            }
        });
        return published.stream().filter(v -> v.compareTo(now) > 0).filter(v -> allowed.stream().allMatch(a -> satisfies(v, a)))
                .max(ChartVersion::compareTo).map(ChartVersion::toString);
    }

    /** The npm-style ranges the rules use: space-separated {@code <, <=, >=} comparators, all of which must hold. */
    static boolean satisfies(ChartVersion v, String range) {
        for (String c : range.trim().split("\\s+")) {
            Matcher m = Pattern.compile("(<=|>=|<|>)(\\S+)").matcher(c);
            assertThat(m.matches()).as(c).isTrue();
            int cmp = v.compareTo(ChartVersion.parse(m.group(2)).orElseThrow());
            boolean ok = switch (m.group(1)) {
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Renovate's edit (the version only), then its post-upgrade task: the pull request carries version, images and lock, and passes. */
    @Test
    void thePostUpgradeCommandTurnsAVersionOnlyEditIntoAChangeTheGatePasses() throws Exception {
        assumeTrue(Shared.present(), "../shared/reference is absent: no dify chart to serve; skipped");
        HttpServer charts = HelmRepos.serve(HelmRepos.build(tmp.resolve("charts")));
        try {
            Path repo = tmp.resolve("repo");
            String url = HelmRepos.url(charts);
            // the test's chart repository stands in for the real one, as a policy setting (Renovate's command has no flag for it)
            try (Git git = Repo.gitCopy(repo, "\nreleaseCatalog: off\nchartSource: " + url + "\n")) {
                git.checkout().setCreateBranch(true).setName("renovate/staging-dify-3.x").call();
            }
            JsonNode config = config();
            JsonNode manager = config.path("customManagers").get(0);
            Pattern version = Pattern.compile(manager.path("matchStrings").get(0).asString());
            List<ChartVersion> published = HelmRepos.VALUES.keySet().stream().map(v -> ChartVersion.parse(v).orElseThrow()).toList();

            // Renovate: match, choose, replace the captured version in place
            Path release = repo.resolve("clusters/staging/release.yaml");
            String text = Files.readString(release);
            Matcher m = version.matcher(text);
            assertThat(m.find()).isTrue();
            String current = m.group("currentValue");
            String next = proposal(config, current, published).orElseThrow();
            assertThat(next).isEqualTo("3.7.4");
            Files.writeString(release, text.substring(0, m.start("currentValue")) + next + text.substring(m.end("currentValue")));

            // its post-upgrade task, with Renovate's template fields filled in
            String command = config.path("packageRules").get(0).path("postUpgradeTasks").path("commands").get(0).asString()
                    .replace("{{{parentDir}}}", "staging").replace("{{{currentVersion}}}", current).replace("{{{newVersion}}}", next);
            assertThat(command).startsWith("./difyops ");
            List<String> args = new ArrayList<>(List.of(command.substring("./difyops ".length()).split(" ")));
            args.addAll(List.of("-C", repo.toString()));
            Cli.Result bump = Cli.run(args.toArray(String[]::new));
            assertThat(bump.code()).as(bump.out() + bump.err()).isZero();
            assertThat(bump.out()).contains("bumped staging from dify 3.7.3 to 3.7.4");
            assertThat(repo.resolve("charts-values/locks/dify-3.7.4.lock.yaml")).exists();
            assertThat(Files.readString(repo.resolve("charts-values/staging/values.yaml"))).contains("c0c64c75d6c7ef5c273a49aec38adbc7cb952cb4")
                    .doesNotContain("70571b53ad9d2d9d1ba0108731a2a94ea74df558");

            List<String> validate = new ArrayList<>(List.of("validate", "--ci=false", "--online", "--base", "main", "--cache-dir",
                    tmp.resolve("cache").toString()));
            validate.addAll(Repo.referenceLocations());
            validate.add(repo.toString());
            Cli.Result gate = Cli.run(validate.toArray(String[]::new));
            assertThat(gate.code()).as(gate.out() + gate.err()).isZero();

            // without the images (Renovate's edit alone), the gate refuses it
            Files.writeString(repo.resolve("charts-values/staging/values.yaml"), Files.readString(Repo.root().resolve("charts-values/staging/values.yaml")));
            Cli.Result versionOnly = Cli.run(validate.toArray(String[]::new));
            assertThat(versionOnly.code()).isEqualTo(1);
        } finally {
            charts.stop(0);
        }
    }
}
