package io.difyops.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.difyops.testing.Cli;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema locations: directories in kubeconform's and flux-schema's layouts, files, and URL templates served over real HTTP. */
class SchemaLocationsTest {
    static final String NAMESPACE_SCHEMA = """
            {"type": "object", "required": ["metadata"], "additionalProperties": false,
             "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                            "metadata": {"type": "object", "properties": {"name": {"type": "string"}, "labels": {"type": "object"}}}}}
            """;
    static final String NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n";
    static final String NS_BAD = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\nspecc: {}\n";

    @TempDir
    Path tmp;
    HttpServer server;
    final Map<String, String> served = new ConcurrentHashMap<>();
    final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            String body = served.get(ex.getRequestURI().getPath());
            byte[] bytes = body == null ? "not found".getBytes(StandardCharsets.UTF_8) : body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Path manifest(String text) throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("ns.yaml"), text);
        return repo;
    }

    @Test
    void kubeconformNamedJsonSchemaDirectory() throws Exception {
        Path dir = tmp.resolve("schemas");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("namespace-v1.json"), NAMESPACE_SCHEMA);
        assertThat(Cli.run("validate", "--schema-location", dir.toString(), manifest(NS).toString()).code()).isZero();
        assertThat(Cli.run("validate", "--schema-location", dir.toString(), manifest(NS_BAD).toString()).code()).isEqualTo(1);
    }

    @Test
    void fluxSchemaLayoutDirectory() throws Exception {
        Path dir = tmp.resolve("catalog/core");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("namespace_v1.json"), NAMESPACE_SCHEMA);
        Cli.Result r = Cli.run("validate", "--schema-location", tmp.resolve("catalog").toString(), manifest(NS_BAD).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("ns.yaml:5:1: error [schema] /specc:");
    }

    @Test
    void remoteTemplateIsFetchedOnceThenCachedAndUsableOffline() throws Exception {
        served.put("/master-standalone-strict/namespace-v1.json", NAMESPACE_SCHEMA);
        Path cache = tmp.resolve("cache");
        String template = base() + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";
        Path repo = manifest(NS_BAD);
        Cli.Result online = Cli.run("validate", "--cache-dir", cache.toString(), "--schema-location", template, repo.toString());
        assertThat(online.code()).as(online.out()).isEqualTo(1);
        assertThat(hits.get()).isEqualTo(1);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.count()).isEqualTo(1);
        }
        server.stop(0);
        Cli.Result offline = Cli.run("validate", "--offline", "--cache-dir", cache.toString(), "--schema-location", template, repo.toString());
        assertThat(offline.code()).isEqualTo(1);
        assertThat(offline.out()).contains("[schema] /specc");
    }

    @Test
    void aNotFoundIsNotCachedAndIsAMissingSchema() throws Exception {
        Path cache = tmp.resolve("cache");
        Cli.Result r = Cli.run("validate", "--cache-dir", cache.toString(), "--schema-location", base() + "/{{ .ResourceKind }}.json",
                manifest(NS).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("[schema-missing]");
        assertThat(Files.exists(cache) ? Files.list(cache).count() : 0).isZero();
    }

    @Test
    void anUnreachableLocationWarnsAndNamesWhatWasNotChecked() throws Exception {
        served.clear();
        server.stop(0);
        Cli.Result r = Cli.run("validate", "--ci=false", "--cache-dir", tmp.resolve("c").toString(), "--schema-location",
                base() + "/{{ .ResourceKind }}.json", manifest(NS).toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("warning [schema-unreachable]").contains("Namespace ok was not checked");
    }

    @Test
    void offlineNeverTouchesTheNetwork() throws Exception {
        served.put("/namespace.json", NAMESPACE_SCHEMA);
        Cli.Result r = Cli.run("validate", "--ci=false", "--offline", "--cache-dir", tmp.resolve("c").toString(), "--schema-location",
                base() + "/{{ .ResourceKind }}.json", manifest(NS).toString());
        assertThat(hits.get()).isZero();
        assertThat(r.out()).contains("[schema-unreachable]").contains("Unchecked: 1");
        // The line stays short; the reason (with the URL) is the JSON report's detail.
        assertThat(r.out().lines().filter(l -> l.contains("[schema-unreachable]"))).allSatisfy(l -> assertThat(l.length()).isLessThan(200));
        Cli.Result json = Cli.run("validate", "--ci=false", "--offline", "--output", "json", "--cache-dir", tmp.resolve("c").toString(), "--schema-location",
                base() + "/{{ .ResourceKind }}.json", manifest(NS).toString());
        assertThat(json.json().path("findings").get(0).path("detail").asString()).contains("--offline").contains("/namespace.json");
        assertThat(json.json().path("summary").path("unchecked").asInt()).isEqualTo(1);
    }

    @Test
    void nonStandaloneSchemasResolveTheirRemoteReferences() throws Exception {
        served.put("/_definitions.json", "{\"definitions\": {\"meta\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}},"
                + " \"additionalProperties\": false}}}");
        served.put("/namespace-v1.json", "{\"type\": \"object\", \"properties\": {\"metadata\": {\"$ref\": \"_definitions.json#/definitions/meta\"}}}");
        Path repo = manifest("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n  nmae: typo\n");
        Cli.Result r = Cli.run("validate", "--cache-dir", tmp.resolve("c").toString(), "--schema-location",
                base() + "/{{ .ResourceKind }}{{ .KindSuffix }}.json", repo.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("ns.yaml:5:3: error [schema] /metadata/nmae");
    }

    @Test
    void templateVariablesRenderAsKubeconformAndFluxSchemaName() {
        TemplateLocation t = new TemplateLocation("{{ .ResourceKind }}{{ .KindSuffix }}|{{.Group}}/{{.Kind}}_{{.Version}}|{{ .StrictSuffix }}",
                tmp, new SchemaFetcher(null, true));
        assertThat(t.render(io.difyops.load.Gvk.of("helm.toolkit.fluxcd.io/v2", "HelmRelease"), true))
                .isEqualTo("helmrelease-helm-v2|helm.toolkit.fluxcd.io/helmrelease_v2|-strict");
        assertThat(t.render(io.difyops.load.Gvk.of("v1", "Secret"), false)).isEqualTo("secret-v1|core/secret_v1|");
        assertThat(DirectoryLocation.candidateNames(io.difyops.load.Gvk.of("rbac.authorization.k8s.io/v1", "RoleBinding")))
                .containsExactly("rolebinding-rbac-v1.json", "rbac.authorization.k8s.io/rolebinding_v1.json", "rolebinding_v1.json");
    }
}
