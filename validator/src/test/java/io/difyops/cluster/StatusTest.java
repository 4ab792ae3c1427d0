package io.difyops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import org.eclipse.jgit.api.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code difyops status} and {@code validate --cluster} against fabric8's Kubernetes mock server in CRUD
 * mode on 127.0.0.1: the objects are stored and listed as an API server would, in the shapes the
 * controllers write (helm-controller's status.history and Ready reasons, kustomize-controller's
 * lastAppliedRevision, Crossplane's Ready and Synced conditions).
 */
class StatusTest {
    @TempDir
    Path tmp;
    KubernetesMockServer server;
    KubernetesClient client;
    Path repo;
    Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        List<CustomResourceDefinitionContext> kinds = List.of(crd(LiveState.HELM_RELEASE, "Namespaced"), crd(LiveState.KUSTOMIZATION, "Namespaced"),
                crd(LiveState.DIFY_ENVIRONMENT, "Cluster"));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(kinds), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        repo = tmp.resolve("repo");
        for (String dir : List.of("clusters", "charts-values", "crossplane", "schemas")) {
            Repo.copy(Repo.root().resolve(dir), repo.resolve(dir));
        }
        Files.copy(Repo.root().resolve(".difyops.yaml"), repo.resolve(".difyops.yaml"));
        kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                users:
                  - name: reader
                    user:
                      token: not-a-secret
                contexts:
                  - name: management
                    context:
                      cluster: mock
                      user: reader
                  - name: elsewhere
                    context:
                      cluster: mock
                      user: reader
                current-context: elsewhere
                """.formatted("http://127.0.0.1:" + server.getPort()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    /** prod runs what git says; staging's git moved to the 3.8.0 stop and the cluster still runs 3.7.3. */
    private void cluster() {
        environment("prod", "True", "True");
        environment("staging", "True", "True");
        helmRelease("dify-prod", "3.7.3", "True", "UpgradeSucceeded", history(2, "3.7.3", "deployed"), history(1, "3.7.2", "superseded"));
        helmRelease("dify-staging", "3.7.3", "True", "InstallSucceeded", history(1, "3.7.3", "deployed"));
        kustomization("flux-system", "flux-system", "True");
        kustomization("flux-system", "platform", "True");
        kustomization("flux-system", "environment-prod", "True");
        kustomization("flux-system", "environment-staging", "True");
        kustomization("dify-prod", "dify-prod", "True");
        kustomization("dify-prod", "dify-prod-registry", "True");
        kustomization("dify-staging", "dify-staging-registry", "True");
        kustomization("dify-staging", "dify-staging", "False");
    }

    private void gitMovesStagingTo(String version) throws Exception {
        Path release = repo.resolve("clusters/staging/release.yaml");
        Files.writeString(release, Files.readString(release).replace("version: \"3.7.3\"", "version: \"" + version + "\""));
    }

    @Test
    void statusShowsAnEnvironmentOneStopBehindGit() throws Exception {
        cluster();
        gitMovesStagingTo("3.8.0");
        Cli.Result r = Cli.run("status", "--offline", "--kubeconfig", kubeconfig.toString(), "--context", "management", "-C", repo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("Live state (context management, http://127.0.0.1:");
        assertThat(r.out()).contains("ENVIRONMENT  GIT    DEPLOYED  PENDING STOPS");
        assertThat(line(r.out(), "prod ")).contains("3.7.3  3.7.3", "Ready=True (UpgradeSucceeded)", "Ready=True, Synced=True", "3/3 ready");
        assertThat(line(r.out(), "staging ")).contains("3.8.0  3.7.3     3.8.0", "Ready=True (InstallSucceeded)", "2/3 ready");
        assertThat(r.out()).contains("staging: git asks for 3.8.0, the cluster runs 3.7.3; Non-skippable stop still to pass: 3.8.0");
        assertThat(r.out()).contains("dify-staging/dify-staging", "Ready=False (DependencyNotReady)", "main@sha1:0123abc");

        Cli.Result json = Cli.run("status", "--offline", "--output", "json", "--kubeconfig", kubeconfig.toString(), "--context", "management",
                "-C", repo.toString());
        assertThat(json.code()).as(json.err()).isZero();
        var staging = json.json().path("environments").get(1);
        assertThat(staging.path("name").asString()).isEqualTo("staging");
        assertThat(staging.path("deployed").asString()).isEqualTo("3.7.3");
        assertThat(staging.path("pendingStops").get(0).asString()).isEqualTo("3.8.0");
        assertThat(staging.path("inSync").asBoolean()).isFalse();
        assertThat(json.json().path("environments").get(0).path("inSync").asBoolean()).isTrue();
    }

    @Test
    void objectsFluxHasNotAppliedYetAreNotFoundRatherThanAnError() {
        environment("prod", "False", "True");
        Cli.Result r = Cli.run("status", "--offline", "--kubeconfig", kubeconfig.toString(), "--context", "management", "-C", repo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(line(r.out(), "staging ")).contains("not found");
        assertThat(line(r.out(), "prod ")).contains("Ready=False, Synced=True", "0/3 ready");
        assertThat(r.out()).contains("staging: HelmRelease dify-staging/ack-dify not found: Flux has not applied it yet");
    }

    @Test
    void anUnknownContextAndAnUnreachableClusterAreUsageErrorsWithoutAStackTrace() throws Exception {
        Cli.Result r = Cli.run("status", "--offline", "--kubeconfig", kubeconfig.toString(), "--context", "nope", "-C", repo.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no context 'nope'", "management, elsewhere").doesNotContain("\tat ");
        server.destroy();
        Cli.Result down = Cli.run("status", "--offline", "--kubeconfig", kubeconfig.toString(), "--context", "management", "-C", repo.toString());
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).contains("the management cluster cannot be read").doesNotContain("\tat ");
        server = new KubernetesMockServer(false);
    }

    /**
     * The base moved staging to the 3.8.0 stop but the cluster never left 3.7.3 (the rollout failed or
     * has not happened): git moving on to 3.9.0 skips nothing against the base, and is refused with --cluster.
     */
    @Test
    void validateWithTheClusterComparesTheDeployedVersionToo() throws Exception {
        cluster();
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            gitMovesStagingTo("3.8.0");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("staging: the 3.8.0 stop").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        Path release = repo.resolve("clusters/staging/release.yaml");
        Files.writeString(release, Files.readString(release).replace("version: \"3.8.0\"", "version: \"3.9.0\""));
        Cli.Result without = Cli.run("validate", "--ci=false", "--offline", "--base", "main", repo.toString());
        assertThat(without.out()).doesNotContain("[version-skip]");
        Cli.Result skip = Cli.run("validate", "--ci=false", "--offline", "--base", "main", "--cluster", "--kubeconfig", kubeconfig.toString(),
                "--context", "management", "--output", "json", repo.toString());
        var finding = java.util.stream.StreamSupport.stream(skip.json().path("findings").spliterator(), false)
                .filter(f -> f.path("rule").asString().equals("version-skip")).findFirst();
        assertThat(finding).as(skip.out() + skip.err()).isPresent();
        assertThat(finding.get().path("message").asString())
                .startsWith("the cluster runs dify 3.7.3 (HelmRelease dify-staging/ack-dify); 3.7.3 → 3.9.0 skips a Non-skippable release")
                .contains("upgrade along 3.7.3 → 3.8.0 → 3.9.0");
        assertThat(skip.code()).isEqualTo(1);
        Cli.Result flags = Cli.run("validate", "--ci=false", "--offline", "--context", "management", repo.toString());
        assertThat(flags.code()).isEqualTo(2);
        assertThat(flags.err()).contains("take effect with --cluster");
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no line " + start + " in\n" + out));
    }

    private static CustomResourceDefinitionContext crd(ResourceDefinitionContext c, String scope) {
        return new CustomResourceDefinitionContext.Builder().withGroup(c.getGroup()).withVersion(c.getVersion()).withKind(c.getKind())
                .withPlural(c.getPlural()).withScope(scope).build();
    }

    private void environment(String name, String ready, String synced) {
        create(LiveState.DIFY_ENVIRONMENT, null, """
                apiVersion: platform.difyops.io/v1alpha1
                kind: DifyEnvironment
                metadata:
                  name: %s
                spec: {}
                status:
                  conditions:
                    - type: Synced
                      status: "%s"
                      reason: ReconcileSuccess
                      lastTransitionTime: "2026-11-30T10:00:00Z"
                    - type: Ready
                      status: "%s"
                      reason: %s
                      lastTransitionTime: "2026-11-30T10:40:00Z"
                """.formatted(name, synced, ready, ready.equals("True") ? "Available" : "Creating"));
    }

    private static String history(int version, String chartVersion, String status) {
        return """
                      - name: ack-dify
                        namespace: dify-system
                        version: %d
                        status: %s
                        chartName: dify
                        chartVersion: %s
                        appVersion: %s
                        configDigest: sha256:0f0e
                        digest: sha256:1a2b
                        firstDeployed: "2026-11-01T09:00:00Z"
                        lastDeployed: "2026-11-30T11:00:00Z"
                """.formatted(version, status, chartVersion, chartVersion);
    }

    private void helmRelease(String ns, String version, String ready, String reason, String... history) {
        create(LiveState.HELM_RELEASE, ns, """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: ack-dify
                  namespace: %s
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: dify
                      version: "%s"
                      sourceRef: {kind: HelmRepository, name: dify}
                status:
                  observedGeneration: 3
                  lastAttemptedRevision: %s
                  conditions:
                    - type: Ready
                      status: "%s"
                      reason: %s
                      message: Helm upgrade succeeded for release dify-system/ack-dify.v2 with chart dify@%s
                      lastTransitionTime: "2026-11-30T11:00:00Z"
                  history:
                %s""".formatted(ns, version, version, ready, reason, version, String.join("", history)));
    }

    private void kustomization(String ns, String name, String ready) {
        create(LiveState.KUSTOMIZATION, ns, """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  interval: 30m
                  path: ./
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                status:
                  lastAppliedRevision: main@sha1:0123abc
                  conditions:
                    - type: Ready
                      status: "%s"
                      reason: %s
                      message: "%s"
                      lastTransitionTime: "2026-11-30T11:00:00Z"
                """.formatted(name, ns, ready, ready.equals("True") ? "ReconciliationSucceeded" : "DependencyNotReady",
                ready.equals("True") ? "Applied revision: main@sha1:0123abc" : "dependency 'dify-staging/dify-staging-registry' is not ready"));
    }

    /** Every object put into the mock server, as YAML. */
    private final List<String> created = new java.util.ArrayList<>();

    /** The HelmReleases and Kustomizations the tests serve are valid against Flux's own CRD schemas, status included. */
    @Test
    void theServedObjectsHaveTheShapesFluxDefines() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.difyops.testing.Shared.present(), "../shared/reference is absent: no Flux CRDs; skipped");
        cluster();
        Path dir = Files.createDirectories(tmp.resolve("served"));
        int i = 0;
        for (String yaml : created) {
            if (!yaml.contains("kind: DifyEnvironment")) {
                Files.writeString(dir.resolve("object-" + i++ + ".yaml"), yaml);
            }
        }
        List<String> args = new java.util.ArrayList<>(List.of("validate", "--ci=false", "--offline", "--strict-schemas"));
        args.addAll(Repo.referenceLocations());
        args.add(dir.toString());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Valid: 10, Invalid: 0, Unchecked: 0");
    }

    private void create(ResourceDefinitionContext kind, String ns, String yaml) {
        created.add(yaml);
        GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        var op = client.genericKubernetesResources(kind);
        (ns == null ? op.resource(r) : op.inNamespace(ns).resource(r)).create();
    }
}
