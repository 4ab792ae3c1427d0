package io.difyops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.difyops.schemalock.SchemaLock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The upstream world of this repository, served on 127.0.0.1 and built from the reference data in
 * {@code ../shared/reference}: an OCI registry (anonymous bearer tokens, image indexes, annotated
 * package layers, tag lists) holding every Crossplane package the repository pins; a Helm
 * repository with the Crossplane chart; Crossplane's and ack-secret-manager's source archives; the
 * Flux release's install.yaml; kubeconform's Kubernetes schemas.
 */
public final class Upstream implements AutoCloseable {
    public static final String ASM_COMMIT = "2be946025b372f018b1ec9a4b25566cae667e9ad";
    private static final String TOKEN = "test-token";

    public final Path dir;
    public final HttpServer server;
    public final String url;
    /** Every request path the server answered, in order. */
    public final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    private Upstream(Path dir) throws IOException {
        this.dir = dir;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Builds the world in {@code dir} and serves it. */
    public static Upstream start(Path dir) throws IOException {
        Path crds = Shared.reference("crds");
        Upstream u = new Upstream(dir);
        Path alibaba = crds.resolve("alibaba/provider-upjet-alibabacloud");
        u.providerPackage("crossplane-contrib/provider-family-alibabacloud", "v1.1.0", "Provider",
                files(alibaba, "alibabacloud.crossplane.io_"), "");
        u.providerPackage("crossplane-contrib/provider-family-alibabacloud", "v1.2.0", "Provider",
                files(alibaba, "alibabacloud.crossplane.io_"), "");
        String dep = "  dependsOn:\n    - provider: xpkg.upbound.io/crossplane-contrib/provider-family-alibabacloud\n      version: \">=v1.1.0\"\n";
        // only what v1.2.0 publishes: rds and cr are not in its publish list
        for (String svc : List.of("vpc", "ecs", "ack", "tair", "oss", "ram")) {
            u.providerPackage("crossplane-contrib/provider-alibabacloud-" + svc, "v1.2.0", "Provider",
                    files(alibaba, svc + ".alibabacloud.crossplane.io_"), dep);
        }
        u.providerPackage("crossplane-contrib/provider-terraform", "v1.1.1", "Provider",
                files(crds.resolve("alibaba/provider-terraform"), "tf.upbound.io_"), "");
        u.providerPackage("crossplane-contrib/function-patch-and-transform", "v0.10.8", "Function",
                files(crds.resolve("crossplane"), "pt.fn.crossplane.io_"), "");
        u.providerPackage("crossplane-contrib/function-cel-filter", "v0.2.0", "Function", List.of(), "");

        // The Crossplane chart (no CRDs: its init container installs them) and Crossplane's source archive.
        byte[] chart = HelmRepos.tgz(Map.of("crossplane/Chart.yaml",
                "apiVersion: v2\nname: crossplane\nversion: 2.3.4\nappVersion: 2.3.4\n".getBytes(StandardCharsets.UTF_8),
                "crossplane/templates/deployment.yaml", "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n".getBytes(StandardCharsets.UTF_8)));
        u.write("charts/crossplane-2.3.4.tgz", chart);
        u.write("charts/index.yaml", ("apiVersion: v1\nentries:\n  crossplane:\n    - name: crossplane\n      version: 2.3.4\n"
                + "      appVersion: 2.3.4\n      digest: " + SchemaLock.sha256(chart) + "\n      urls:\n        - crossplane-2.3.4.tgz\n")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> source = new TreeMap<>();
        for (Path p : files(crds.resolve("crossplane"), "")) {
            if (!p.getFileName().toString().startsWith("pt.fn")) {
                source.put("crossplane-2.3.4/cluster/crds/" + p.getFileName(), Files.readAllBytes(p));
            }
        }
        u.write("crossplane/archive/refs/tags/v2.3.4.tar.gz", HelmRepos.tgz(source));

        // ack-secret-manager's repository at the pinned commit: the chart, its CRDs as guarded templates.
        Map<String, byte[]> asm = new TreeMap<>();
        String top = "ack-secret-manager-" + ASM_COMMIT + "/charts/ack-secret-manager/";
        asm.put(top + "Chart.yaml", "apiVersion: v2\nname: ack-secret-manager\nversion: 0.6.7\nappVersion: 0.6.7\n".getBytes(StandardCharsets.UTF_8));
        asm.put(top + "templates/deployment.yaml", "kind: Deployment\nmetadata:\n  namespace: {{ .Release.Namespace }}\n".getBytes(StandardCharsets.UTF_8));
        for (Path p : files(crds.resolve("ack-secret-manager"), "alibabacloud.com_")) {
            String text = Files.readString(p);
            if (p.getFileName().toString().contains("cluster")) {
                text = "{{- if .Values.crds.createClusterSecretStore }}\n" + text + "{{- end }}\n";
            }
            asm.put(top + "templates/" + p.getFileName(), text.getBytes(StandardCharsets.UTF_8));
        }
        u.write("AliyunContainerService/ack-secret-manager/archive/" + ASM_COMMIT + ".tar.gz", HelmRepos.tgz(asm));

        // Flux's release manifest and kubeconform's core schemas.
        StringBuilder install = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n");
        for (Path p : files(crds.resolve("flux"), "")) {
            install.append("---\n").append(Files.readString(p));
        }
        u.write("flux2/v2.9.0/install.yaml", install.toString().getBytes(StandardCharsets.UTF_8));
        for (Path p : files(Shared.reference("k8s-schemas/yannh-master-standalone"), "")) {
            if (p.toString().endsWith(".json")) {
                u.write("k8s/v1.33.3-standalone/" + p.getFileName(), Files.readAllBytes(p));
            }
        }
        return u;
    }

    /** The schemaSources block of .difyops.yaml that points every source here. */
    public String schemaSources() {
        return "schemaSources:\n"
                + "  flux: " + url + "/flux2/{version}/install.yaml\n"
                + "  kubernetes: " + url + "/k8s/{version}-standalone/{file}\n"
                + "  crossplane: " + url + "/crossplane/archive/refs/tags/{version}.tar.gz\n"
                + "  registries:\n    xpkg.upbound.io: " + url + "\n    xpkg.crossplane.io: " + url + "\n";
    }

    private static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".yaml")
                    || prefix.isEmpty() && p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    public void write(String rel, byte[] bytes) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    /** A package: package.yaml (meta object, then the CRDs) in one annotated layer; Functions behind an image index. */
    public void providerPackage(String repo, String tag, String kind, List<Path> crds, String spec) throws IOException {
        StringBuilder yaml = new StringBuilder("apiVersion: meta.pkg.crossplane.io/v1\nkind: " + kind + "\nmetadata:\n  name: "
                + repo.substring(repo.lastIndexOf('/') + 1) + "\n" + (spec.isEmpty() ? "" : "spec:\n" + spec));
        for (Path p : crds) {
            yaml.append("---\n").append(Files.readString(p));
        }
        byte[] layer = HelmRepos.tgz(Map.of("package.yaml", yaml.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        String layerDigest = blob(repo, layer);
        String configDigest = blob(repo, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + ",\"annotations\":{\"io.crossplane.xpkg\":\"base\"}}]}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        String manifestDigest = "sha256:" + SchemaLock.sha256(m);
        write("registry/" + repo + "/manifests/" + manifestDigest, m);
        if (kind.equals("Function")) {
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "0".repeat(64)
                    + "\",\"size\":1,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},"
                    + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                    + m.length + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
            write("registry/" + repo + "/manifests/" + tag, index.getBytes(StandardCharsets.UTF_8));
        } else {
            write("registry/" + repo + "/manifests/" + tag, m);
        }
    }

    private String blob(String repo, byte[] bytes) throws IOException {
        String digest = "sha256:" + SchemaLock.sha256(bytes);
        write("registry/" + repo + "/blobs/" + digest, bytes);
        return digest;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(path);
        if (path.equals("/token")) {
            send(ex, 200, ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        if (path.startsWith("/v2/")) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + url + "/token\",service=\"test\"");
                send(ex, 401, new byte[0], "application/json");
                return;
            }
            String rest = path.substring(4);
            if (rest.endsWith("/tags/list")) {
                String repo = rest.substring(0, rest.length() - "/tags/list".length());
                Path manifests = dir.resolve("registry/" + repo + "/manifests");
                if (!Files.isDirectory(manifests)) {
                    send(ex, 404, new byte[0], "application/json");
                    return;
                }
                List<String> tags;
                try (Stream<Path> s = Files.list(manifests)) {
                    tags = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("sha256:")).sorted().toList();
                }
                send(ex, 200, ("{\"name\":\"" + repo + "\",\"tags\":[\"" + String.join("\",\"", tags) + "\"]}")
                        .getBytes(StandardCharsets.UTF_8), "application/json");
                return;
            }
            serveFile(ex, "registry/" + rest, rest.contains("/manifests/") ? "application/vnd.oci.image.manifest.v1+json" : "application/octet-stream");
            return;
        }
        serveFile(ex, path.substring(1), "application/octet-stream");
    }

    private void serveFile(HttpExchange ex, String rel, String type) throws IOException {
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
            send(ex, 404, new byte[0], type);
            return;
        }
        send(ex, 200, Files.readAllBytes(p), type);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    /** Paths of files under a folder of the world, for tests that tamper with one. */
    public Map<String, Path> served(String folder) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir.resolve(folder))) {
            s.filter(Files::isRegularFile).forEach(p -> out.put(dir.relativize(p).toString(), p));
        }
        return out;
    }
}
