package io.difyops.chart;

import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;

/**
 * A Helm chart repository: a URL (https://.../index.yaml) or a directory laid out like one. Chart
 * archives are checked against the index's sha256 digest and cached on disk by digest.
 * {@code --offline} never touches the network.
 */
public final class ChartRepository {
    /** A chart version as the index lists it. */
    public record Entry(String name, String version, String appVersion, String digest, String url) {
    }

    private static final io.difyops.net.Http HTTP = new io.difyops.net.Http(Duration.ofSeconds(10), Duration.ofSeconds(120));
    private final String location;
    private final Path cacheDir;
    private final boolean offline;
    private JsonNode index;

    public ChartRepository(String location, Path cacheDir, boolean offline) {
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.cacheDir = cacheDir;
        this.offline = offline;
    }

    public String location() {
        return location;
    }

    private boolean remote() {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    private byte[] get(String ref) throws IOException {
        if (!remote()) {
            Path p = Path.of(location).resolve(ref).normalize();
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + " does not exist");
            }
            return Files.readAllBytes(p);
        }
        if (offline) {
            throw new IOException("--offline is set; cannot fetch " + ref + " from " + location);
        }
        String url = ref.startsWith("http://") || ref.startsWith("https://") ? ref : location + "/" + ref;
        io.difyops.net.Http.Response r = HTTP.get(url);
        if (!r.ok()) {
            throw new IOException(url + " answered HTTP " + r.status());
        }
        return r.body();
    }

    private JsonNode index() throws IOException {
        if (index == null) {
            String text = new String(get("index.yaml"), java.nio.charset.StandardCharsets.UTF_8);
            var docs = new YamlReader(Limits.DEFAULT, false).read("index.yaml", text, new Findings());
            if (docs.isEmpty()) {
                throw new IOException("index.yaml of " + location + " is empty");
            }
            index = docs.get(0).root();
        }
        return index;
    }

    public Entry entry(String chart, String version) throws IOException {
        for (JsonNode e : index().path("entries").path(chart)) {
            if (version.equals(e.path("version").asString(""))) {
                String digest = e.path("digest").asString("");
                if (!digest.matches("[0-9a-fA-F]{64}")) {
                    throw new IOException("chart " + chart + " " + version + " has no sha256 digest in the index of " + location
                            + ", so its archive cannot be verified; refused");
                }
                String url = e.path("urls").path(0).asString(chart + "-" + version + ".tgz");
                insideSource(url);
                return new Entry(chart, version, e.path("appVersion").asString(""), digest.toLowerCase(java.util.Locale.ROOT), url);
            }
        }
        throw new IOException("chart " + chart + " " + version + " is not in the index of " + location);
    }

    /** An archive URL of the index must stay inside the chart source: the same host, or below the folder. */
    private void insideSource(String url) throws IOException {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            String host = java.net.URI.create(url).getHost();
            String own = remote() ? java.net.URI.create(location).getHost() : null;
            if (own == null || host == null || !host.equalsIgnoreCase(own)) {
                throw new IOException("the index of " + location + " points the archive at " + url + ", outside the chart source; refused");
            }
            return;
        }
        if (url.contains("..") || url.startsWith("/") || url.contains("\\") || url.contains(":")) {
            throw new IOException("the index of " + location + " points the archive at " + url + ", outside the chart source; refused");
        }
    }

    /** The archive of a chart version, checked against the index digest; cached on disk. */
    public byte[] archive(Entry e) throws IOException {
        Path cached = cacheDir == null || e.digest().isEmpty() ? null : cacheDir.resolve("charts").resolve(e.digest() + ".tgz");
        if (cached != null && Files.isRegularFile(cached)) {
            return Files.readAllBytes(cached);
        }
        insideSource(e.url());
        byte[] bytes = get(e.url());
        String actual = sha256(bytes);
        if (!e.digest().equalsIgnoreCase(actual)) {
            throw new IOException("archive " + e.url() + " has sha256 " + actual + ", but the index says " + e.digest());
        }
        if (cached != null) {
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), "chart", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
