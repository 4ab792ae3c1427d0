package io.difyops.chart;

import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;

/** A packaged chart ({@code name-version.tgz}): its Chart.yaml and default values.yaml. */
public record ChartArchive(String name, String version, String appVersion, JsonNode values) {
    private static final long MAX_ENTRY = 16L * 1024 * 1024;

    /** Reads the archive; the chart's own files are {@code <name>/Chart.yaml} and {@code <name>/values.yaml}. */
    public static ChartArchive read(byte[] tgz) throws IOException {
        JsonNode chart = null;
        JsonNode values = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String[] parts = e.getName().split("/");
                if (e.isDirectory() || parts.length != 2 || e.getSize() > MAX_ENTRY) {
                    continue;
                }
                if ((e.isSymbolicLink() || e.isLink() || !e.isFile()) && (parts[1].equals("Chart.yaml") || parts[1].equals("values.yaml"))) {
                    // a link (or any non-file entry) in place of the chart's own files: never followed, never empty
                    throw new IOException("the archive's " + e.getName() + " is not a regular file (a link?); the chart is refused");
                }
                if (parts[1].equals("Chart.yaml")) {
                    chart = yaml(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                } else if (parts[1].equals("values.yaml")) {
                    values = yaml(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        if (chart == null) {
            throw new IOException("the archive has no Chart.yaml");
        }
        if (values == null) {
            throw new IOException("the archive has no values.yaml, so its images and keys cannot be read; the chart is refused");
        }
        return new ChartArchive(chart.path("name").asString(""), chart.path("version").asString(""), chart.path("appVersion").asString(""),
                values);
    }

    private static JsonNode yaml(String text) throws IOException {
        Findings problems = new Findings();
        List<YamlDocument> docs = new YamlReader(Limits.DEFAULT, false).read("chart", text, problems);
        if (!problems.isEmpty() && problems.list().stream().anyMatch(f -> f.rule().equals("yaml-syntax"))) {
            throw new IOException("chart file is not valid YAML: " + problems.list().get(0).message());
        }
        return docs.isEmpty() ? io.difyops.load.Json.MAPPER.createObjectNode() : docs.get(0).root();
    }
}
