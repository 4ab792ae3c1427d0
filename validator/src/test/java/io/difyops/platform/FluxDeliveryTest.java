package io.difyops.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.difyops.kustomize.KustomizeRenderer;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** clusters/ and charts-values/: valid, renderable, wired, and keyed as chart 3.7.3 expects. */
class FluxDeliveryTest {
    @TempDir
    Path tmp;

    private Cli.Result validate(Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("validate", "--offline", "--output", "json"));
        args.addAll(Repo.referenceLocations());
        args.add(dir.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theWholeRepositoryIsCleanAgainstTheReferenceCrds() throws Exception {
        Cli.Result r = validate(Repo.root());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.json().path("summary").path("errors").asInt()).isZero();
        assertThat(r.json().path("summary").path("warnings").asInt()).as(r.out()).isZero();
        assertThat(r.json().path("summary").path("resources").asInt()).isGreaterThanOrEqualTo(50);
    }

    @TestFactory
    Stream<DynamicTest> everyKustomizationRendersWithKubectlAndValidates() throws Exception {
        KustomizeRenderer renderer = KustomizeRenderer.find();
        assumeTrue(renderer != null, "neither kustomize nor kubectl is installed; skipped");
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(Repo.root())) {
            dirs = s.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !Repo.root().relativize(p).startsWith("validator"))
                    .map(Path::getParent).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(12);
        List<String> locations = new ArrayList<>(Repo.referenceLocations());
        locations.addAll(List.of("--schema-location", Repo.root().resolve("crossplane/platform/xrd-difyenvironment.yaml").toString()));
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(Repo.root().relativize(dir).toString(), () -> {
            KustomizeRenderer.Result out = renderer.render(dir);
            assertThat(out.error()).as(dir.toString()).isNull();
            Path rendered = Files.createTempDirectory(tmp, "render").resolve("rendered.yaml");
            Files.writeString(rendered, out.yaml());
            List<String> args = new ArrayList<>(List.of("validate", "--offline", "--output", "json"));
            args.addAll(locations);
            args.add(rendered.toString());
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            // Rendered alone, a manifest may name objects of other kustomizations; only schemas are judged here.
            List<String> rules = r.json().path("findings").findValuesAsString("rule");
            assertThat(rules).as(r.out()).doesNotContain("schema", "schema-missing", "cel", "metadata-name", "yaml-syntax");
        }));
    }

    // ---- wiring, as a new user would trace it: broken copies of the real repository

    private Path brokenCopy(String file, String from, String to) throws Exception {
        return Repo.brokenCopy(tmp.resolve("repo"), file, from, to);
    }

    private void assertFinding(Path repo, String rule, String file, String lineText) throws Exception {
        Cli.Result r = validate(repo);
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        int line = Repo.lineOf(repo.resolve(file), lineText);
        boolean found = false;
        for (JsonNode f : r.json().path("findings")) {
            found |= f.path("rule").asString().equals(rule) && f.path("file").asString().equals(file) && f.path("line").asInt() == line;
        }
        assertThat(found).as(rule + " at " + file + ":" + line + "\n" + r.out()).isTrue();
    }

    @Test
    void aValuesFromSecretThatNothingProducesIsFound() throws Exception {
        Path repo = brokenCopy("clusters/base/dify/helmrelease.yaml", "name: dify-connection, valuesKey: redis_password",
                "name: dify-conection, valuesKey: redis_password");
        assertFinding(repo, "secret-reference", "clusters/base/dify/helmrelease.yaml", "dify-conection");
    }

    @Test
    void aKubeConfigSecretThatNothingProducesIsFound() throws Exception {
        Path repo = brokenCopy("clusters/management/dify-staging.yaml", "      name: dify-connection\n      key: kubeconfig",
                "      name: staging-kubeconfig\n      key: kubeconfig");
        assertFinding(repo, "secret-reference", "clusters/management/dify-staging.yaml", "name: staging-kubeconfig");
    }

    @Test
    void aDependsOnThatNamesNoKustomizationIsFound() throws Exception {
        Path repo = brokenCopy("clusters/management/dify-prod.yaml", "    - name: platform", "    - name: platfrom");
        assertFinding(repo, "flux-reference", "clusters/management/dify-prod.yaml", "name: platfrom");
    }

    @Test
    void aPathThatDoesNotExistIsFound() throws Exception {
        Path repo = brokenCopy("clusters/management/dify-prod.yaml", "path: ./clusters/prod/remote", "path: ./clusters/prod/remotes");
        assertFinding(repo, "flux-reference", "clusters/management/dify-prod.yaml", "path: ./clusters/prod/remotes");
    }

    @Test
    void aPasswordSecretThatNoExternalSecretBuildsIsFound() throws Exception {
        Path repo = brokenCopy("crossplane/environments/prod/difyenvironment.yaml", "name: prod-dify-passwords", "name: prod-passwords");
        assertFinding(repo, "secret-reference", "crossplane/environments/prod/difyenvironment.yaml", "name: prod-passwords");
    }

    @Test
    void aValuesConfigMapThatIsNotGeneratedIsFound() throws Exception {
        Path repo = brokenCopy("charts-values/staging/kustomization.yaml", "name: dify-values-env", "name: dify-values-staging");
        assertFinding(repo, "flux-reference", "clusters/base/dify/helmrelease.yaml", "name: dify-values-env");
    }

    @Test
    void aDependencyCycleIsFound() throws Exception {
        Path repo = brokenCopy("clusters/management/platform.yaml", "  name: crossplane\n  namespace: flux-system\nspec:\n",
                "  name: crossplane\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: environment-prod\n");
        Cli.Result r = validate(repo);
        assertThat(r.out()).contains("flux-dependency-cycle")
                .contains("flux-system/crossplane -> flux-system/environment-prod -> flux-system/platform -> flux-system/crossplane-providers -> flux-system/crossplane");
    }

    // ---- values against chart 3.7.3

    private static JsonNode yaml(Path p) throws Exception {
        Findings problems = new Findings();
        JsonNode n = new YamlReader(Limits.DEFAULT, true).read(p.toString(), Files.readString(p), problems).get(0).root();
        assertThat(problems.list()).as(p + " must be clean YAML (no duplicate keys)").isEmpty();
        return n;
    }

    /** Key paths set in a values file that chart 3.7.3's values do not have (open maps excepted). */
    static List<String> unknownKeys(JsonNode values, JsonNode chart, String path) {
        List<String> out = new ArrayList<>();
        for (var e : values.properties()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode c = chart.get(e.getKey());
            if (c == null) {
                out.add(p);
            } else if (e.getValue().isObject() && c.isObject() && !c.isEmpty()) {
                out.addAll(unknownKeys(e.getValue(), c, p));
            }
        }
        return out;
    }

    @Test
    void everyValuesKeyExistsInChart373() throws Exception {
        JsonNode chart = yaml(Shared.reference("dify-helm/values-3.7.3.yaml"));
        for (String env : List.of("base", "prod", "staging")) {
            JsonNode values = yaml(Repo.root().resolve("charts-values/" + env + "/values.yaml"));
            assertThat(unknownKeys(values, chart, "")).as("keys of charts-values/" + env + " missing from chart 3.7.3").isEmpty();
        }
        JsonNode typo = yaml(Repo.root().resolve("charts-values/base/values.yaml")).deepCopy();
        ((tools.jackson.databind.node.ObjectNode) typo.path("externalRedis")).put("hots", "x");
        assertThat(unknownKeys(typo, chart, "")).containsExactly("externalRedis.hots");
    }

    @Test
    void everyImageIsPinnedToChart373() throws Exception {
        JsonNode images = yaml(Shared.reference("dify-helm/images-3.7.3.yaml"));
        String mirror = "difyops-registry.cn-shanghai.cr.aliyuncs.com/mirror/";
        for (String env : List.of("prod", "staging")) {
            JsonNode values = yaml(Repo.root().resolve("charts-values/" + env + "/values.yaml"));
            for (var e : images.properties()) {
                JsonNode image = values;
                for (String part : e.getKey().split("\\.")) {
                    image = image.path(part);
                }
                image = image.path("image");
                String repo = e.getValue().path("repository").asString();
                // prod: the chart's flattening mirror (last path segment); staging: its own mirror keeping the path
                String expectedRepo = env.equals("prod") ? "g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/" + repo.substring(repo.lastIndexOf('/') + 1)
                        : mirror + (repo.contains(".") && repo.indexOf('/') > repo.indexOf('.') ? repo.substring(repo.indexOf('/') + 1) : repo);
                assertThat(image.path("repository").asString()).as(env + " " + e.getKey()).isEqualTo(expectedRepo);
                assertThat(image.path("tag").asString()).as(env + " " + e.getKey()).isEqualTo(e.getValue().path("tag").asString());
            }
            JsonNode pc = values.path("plugin_connector");
            for (String key : List.of("gatewayImage", "shaderImage", "busyBoxImage", "awsCliImage")) {
                String image = pc.path(key).asString();
                assertThat(image).as(env + " plugin_connector." + key).matches(".+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
                if (env.equals("staging")) {
                    assertThat(image).startsWith(mirror);
                }
            }
            assertThat(pc.path("github").path("shaderImage").asString()).doesNotEndWith(":latest");
        }
    }

    @Test
    void bothEnvironmentsPinChart373() throws Exception {
        for (String env : List.of("prod", "staging")) {
            assertThat(yaml(Repo.root().resolve("clusters/" + env + "/release.yaml")).at("/spec/chart/spec/version").asString())
                    .isEqualTo("3.7.3");
            JsonNode hr = yaml(Repo.root().resolve("clusters/base/dify/helmrelease.yaml"));
            assertThat(hr.at("/spec/releaseName").asString()).isEqualTo("ack-dify");
            assertThat(hr.at("/spec/targetNamespace").asString()).isEqualTo("dify-system");
            assertThat(hr.at("/spec/storageNamespace").asString()).isEqualTo("dify-system");
            assertThat(hr.at("/spec/install/createNamespace").asBoolean()).isTrue();
            // no automatic rollback over migrated databases (issue 12): a failed upgrade stays failed
            assertThat(hr.at("/spec/upgrade/remediation/retries").asInt(-1)).isZero();
            assertThat(hr.at("/spec/upgrade/remediation/remediateLastFailure").asBoolean(true)).isFalse();
            JsonNode repo = yaml(Repo.root().resolve("clusters/base/dify/helmrepository.yaml"));
            assertThat(repo.at("/spec/url").asString()).isEqualTo("https://langgenius.github.io/dify-helm");
        }
    }

    @Test
    void theReadmeHasTheFourWalkthroughs() throws Exception {
        String readme = Files.readString(Repo.root().resolve("README.md"));
        for (String heading : List.of("### Bootstrap a management cluster", "### Add an environment",
                "### Change sizing through a pull request", "### Upgrade Dify through a pull request, and roll back")) {
            assertThat(readme).contains(heading);
        }
    }

    /**
     * The README's "Add an environment": one command writes the environment with its own region,
     * zones and bucket, and the gate is green; what a hand copy leaves behind is refused.
     */
    @Test
    void theAddAnEnvironmentWalkthroughWorks() throws Exception {
        Path copy = Repo.brokenCopy(tmp.resolve("walkthrough"), ".difyops.yaml", "ignore:", "ignore:");
        String readme = Files.readString(Repo.root().resolve("README.md"));
        assertThat(readme).contains("./difyops env new dev --from staging --region cn-beijing --zones cn-beijing-a,cn-beijing-b");
        Cli.Result made = Cli.run("env", "new", "dev", "--from", "staging", "--region", "cn-beijing", "--zones", "cn-beijing-a,cn-beijing-b",
                "-C", copy.toString());
        assertThat(made.code()).as(made.err()).isZero();
        Cli.Result after = Cli.run("validate", "--offline", "--output", "json", copy.toString());
        assertThat(after.code()).as(after.out()).isZero();
        assertThat(after.json().path("summary").path("warnings").asInt()).isZero();
        assertThat(after.json().path("summary").path("resources").asInt()).isGreaterThan(60);
        assertThat(Files.readString(copy.resolve("crossplane/environments/dev/difyenvironment.yaml")))
                .contains("region: cn-beijing").contains("zones: [cn-beijing-a, cn-beijing-b]").contains("difyops-dev-dify-files");
        assertThat(Files.readString(copy.resolve("crossplane/platform/clustersecretstore-kms.yaml"))).contains("dify-dev]");

        // A hand copy's leftovers: the values still in Shanghai, the bucket kept.
        Path values = copy.resolve("charts-values/dev/values.yaml");
        Files.writeString(values, Files.readString(values).replace("region: cn-beijing", "region: cn-shanghai"));
        Path env = copy.resolve("crossplane/environments/dev/difyenvironment.yaml");
        Files.writeString(env, Files.readString(env).replace("difyops-dev-dify-files", "difyops-staging-dify-files"));
        Cli.Result leftovers = Cli.run("validate", "--offline", "--output", "json", copy.toString());
        assertThat(leftovers.code()).isEqualTo(1);
        assertThat(leftovers.json().path("findings").findValuesAsString("rule")).contains("environment-region", "bucket-unique");

        // What must differ is asked for, and checked.
        assertThat(Cli.run("env", "new", "qa", "--from", "staging", "--region", "cn-beijing", "--zones", "cn-shanghai-e,cn-shanghai-f",
                "-C", copy.toString()).err()).contains("two distinct zones of cn-beijing");
        assertThat(Cli.run("env", "new", "dev", "--from", "staging", "--region", "cn-beijing", "--zones", "cn-beijing-a,cn-beijing-b",
                "-C", copy.toString()).err()).contains("exists already");
    }
}
