package io.difyops.testing;

import com.sun.net.httpserver.HttpServer;
import io.difyops.chart.ChartRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A real Helm chart repository for tests, built from the dify chart values in
 * {@code ../shared/reference/dify-helm}: one {@code dify-<version>.tgz} per version (Chart.yaml and
 * values.yaml) and an {@code index.yaml} with their sha256 digests. Served by a JDK HttpServer on
 * 127.0.0.1, or used as a directory.
 */
public final class HelmRepos {
    /** The versions whose values are stored, and their files. */
    public static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("3.5.5", "values-3.5.5.yaml");
        VALUES.put("3.6.2", "values-3.6.2.yaml");
        VALUES.put("3.7.3", "values-3.7.3.yaml");
        VALUES.put("3.7.4", "values-3.7.4.yaml");
        VALUES.put("3.9.1", "values-3.9.1-annotated.yaml");
    }

    private HelmRepos() {
    }

    /** Writes the archives and index.yaml into {@code dir}; urls are relative. */
    public static Path build(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n  dify:\n");
        for (var e : VALUES.entrySet()) {
            String version = e.getKey();
            byte[] values = Files.readAllBytes(Shared.reference("dify-helm/" + e.getValue()));
            byte[] chart = ("apiVersion: v2\nname: dify\nversion: " + version + "\nappVersion: \"" + version + "\"\n").getBytes(StandardCharsets.UTF_8);
            byte[] tgz = tgz(Map.of("dify/Chart.yaml", chart, "dify/values.yaml", values));
            Files.write(dir.resolve("dify-" + version + ".tgz"), tgz);
            index.append("    - name: dify\n      version: ").append(version).append("\n      appVersion: \"").append(version)
                    .append("\"\n      digest: ").append(ChartRepository.sha256(tgz)).append("\n      urls:\n        - dify-")
                    .append(version).append(".tgz\n");
        }
        Files.writeString(dir.resolve("index.yaml"), index.toString());
        return dir;
    }

    public static byte[] tgz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var f : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(f.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Serves {@code dir} on 127.0.0.1 (an ephemeral port); close the server when done. */
    public static HttpServer serve(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Path p = dir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = p.startsWith(dir) && Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        return server;
    }

    public static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
