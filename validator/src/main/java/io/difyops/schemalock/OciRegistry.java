package io.difyops.schemalock;

import io.difyops.load.Json;
import io.difyops.net.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Crossplane package (an OCI image) through the registry's HTTP API (the OCI distribution
 * spec), without Docker: the manifest (from an image index, the linux/amd64 one, as Crossplane
 * does), then the layer annotated {@code io.crossplane.xpkg: base} (else every layer), whose
 * {@code package.yaml} holds the package's CRDs (crossplane/crossplane,
 * contributing/specifications/xpkg.md). Anonymous bearer tokens are fetched as registries ask for
 * them ({@code WWW-Authenticate: Bearer realm=…}). Blob contents are checked against their digests.
 */
final class OciRegistry {
    static final String ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final long MAX_PACKAGE_YAML = 64L * 1024 * 1024;

    /** A package's package.yaml and what was read to get it. */
    record Pulled(String packageYaml, List<SchemaLock.Read> reads) {
    }

    private final Http http;
    private final Map<String, String> mirrors;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    OciRegistry(Http http, Map<String, String> mirrors) {
        this.http = http;
        this.mirrors = mirrors;
    }

    /** The base URL of a registry host: a configured mirror, plain http for a loopback registry, else https. */
    String base(String host) {
        String m = mirrors.get(host);
        if (m != null) {
            return m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
        }
        boolean loopback = host.startsWith("localhost") || host.startsWith("127.0.0.1") || host.startsWith("[::1]");
        return (loopback ? "http://" : "https://") + host;
    }

    Pulled pull(String name, String reference) throws LockException {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new LockException("package " + name + " has no registry host", true);
        }
        String host = name.substring(0, slash);
        String repo = name.substring(slash + 1);
        String display = name + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        List<SchemaLock.Read> reads = new ArrayList<>();
        Http.Response m = get(host, repo, "/manifests/" + reference, ACCEPT);
        if (m.status() == 404 || m.status() == 401 || m.status() == 403) {
            throw new LockException(display + " is not published: " + host + " answered HTTP " + m.status()
                    + " for its manifest. Pin a tag the registry serves (see the package's releases)", true);
        }
        if (!m.ok()) {
            throw new LockException(host + " answered HTTP " + m.status() + " for the manifest of " + display, false);
        }
        reads.add(new SchemaLock.Read(m.url(), SchemaLock.sha256(m.body())));
        JsonNode manifest = Json.parse(new String(m.body(), StandardCharsets.UTF_8));
        if (manifest.has("manifests")) {
            String digest = chooseManifest(manifest);
            if (digest == null) {
                throw new LockException("the image index of " + display + " lists no manifest", true);
            }
            m = get(host, repo, "/manifests/" + digest, ACCEPT);
            if (!m.ok()) {
                throw new LockException(host + " answered HTTP " + m.status() + " for manifest " + digest + " of " + display, false);
            }
            checkDigest(digest, m.body(), display);
            reads.add(new SchemaLock.Read(m.url(), SchemaLock.sha256(m.body())));
            manifest = Json.parse(new String(m.body(), StandardCharsets.UTF_8));
        }
        List<String> layers = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            if ("base".equals(l.path("annotations").path("io.crossplane.xpkg").asString(""))) {
                layers = List.of(l.path("digest").asString(""));
                break;
            }
            layers.add(l.path("digest").asString(""));
        }
        String packageYaml = null;
        for (String digest : layers) {
            Http.Response b = get(host, repo, "/blobs/" + digest, "*/*");
            if (!b.ok()) {
                throw new LockException(host + " answered HTTP " + b.status() + " for layer " + digest + " of " + display, false);
            }
            checkDigest(digest, b.body(), display);
            String found = packageYaml(b.body());
            if (found != null) {
                reads.add(new SchemaLock.Read(b.url(), SchemaLock.sha256(b.body())));
                packageYaml = found;
            }
        }
        if (packageYaml == null) {
            throw new LockException(display + " is not a Crossplane package: no layer holds package.yaml", true);
        }
        return new Pulled(packageYaml, reads);
    }

    /** The tags a repository lists ({@code /v2/<name>/tags/list}). */
    List<String> tags(String name) throws LockException {
        int slash = name.indexOf('/');
        Http.Response r = get(name.substring(0, slash), name.substring(slash + 1), "/tags/list", "application/json");
        if (!r.ok()) {
            throw new LockException(name.substring(0, slash) + " answered HTTP " + r.status() + " for the tags of " + name, r.status() == 404);
        }
        List<String> out = new ArrayList<>();
        Json.parse(new String(r.body(), StandardCharsets.UTF_8)).path("tags").forEach(t -> out.add(t.asString("")));
        return out;
    }

    private static String chooseManifest(JsonNode index) {
        String first = null;
        for (JsonNode d : index.path("manifests")) {
            String digest = d.path("digest").asString("");
            if (first == null) {
                first = digest;
            }
            JsonNode p = d.path("platform");
            if ("linux".equals(p.path("os").asString("")) && "amd64".equals(p.path("architecture").asString(""))) {
                return digest;
            }
        }
        return first;
    }

    private static void checkDigest(String digest, byte[] body, String display) throws LockException {
        if (digest.startsWith("sha256:") && !digest.substring(7).equalsIgnoreCase(SchemaLock.sha256(body))) {
            throw new LockException("content of " + digest + " in " + display + " does not match its digest", false);
        }
    }

    /** package.yaml at the root of a (gzipped) layer tar, or null. */
    static String packageYaml(byte[] layer) throws LockException {
        boolean gzip = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip
                ? new GzipCompressorInputStream(new ByteArrayInputStream(layer)) : new ByteArrayInputStream(layer))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (!e.isDirectory() && n.equals("package.yaml")) {
                    if (e.getSize() > MAX_PACKAGE_YAML) {
                        throw new LockException("package.yaml is larger than " + MAX_PACKAGE_YAML + " bytes", false);
                    }
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IOException e) {
            throw new LockException("a package layer is not a tar archive: " + e.getMessage(), false);
        }
    }

    private Http.Response get(String host, String repo, String path, String accept) throws LockException {
        String url = base(host) + "/v2/" + repo + path;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", accept);
            String token = tokens.get(host + "/" + repo);
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            // Blobs may be served from a storage host; their digests are checked.
            Http.Response r = http.get(url, headers, other -> path.startsWith("/blobs/"));
            if (r.status() == 401 && token == null) {
                String challenge = r.header("WWW-Authenticate").orElse("");
                if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
                    token = token(challenge, repo);
                    tokens.put(host + "/" + repo, token);
                    headers.put("Authorization", "Bearer " + token);
                    r = http.get(url, headers, other -> path.startsWith("/blobs/"));
                }
            }
            return r;
        } catch (IOException e) {
            throw new LockException(e.getMessage(), false);
        }
    }

    private String token(String challenge, String repo) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        String realm = p.get("realm");
        if (realm == null) {
            throw new IOException("the registry asked for a token without a realm");
        }
        String scope = p.getOrDefault("scope", "repository:" + repo + ":pull");
        String url = realm + (realm.contains("?") ? "&" : "?") + (p.containsKey("service")
                ? "service=" + URLEncoder.encode(p.get("service"), StandardCharsets.UTF_8) + "&" : "")
                + "scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        Http.Response r = http.get(url);
        if (!r.ok()) {
            throw new IOException("the token service " + realm + " answered HTTP " + r.status());
        }
        JsonNode t = Json.parse(new String(r.body(), StandardCharsets.UTF_8));
        String token = t.path("token").asString(t.path("access_token").asString(""));
        if (token.isEmpty()) {
            throw new IOException("the token service " + realm + " gave no token");
        }
        return token;
    }
}
