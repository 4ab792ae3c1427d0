package io.difyops.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.chart.ChartRepository;
import io.difyops.testing.Cli;
import io.difyops.testing.HelmRepos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart source cannot make the gate read outside it, skip its integrity check, or write a lock
 * that checks nothing (issue 13): real archives in a real chart repository folder, read by
 * {@code difyops lock}.
 */
class HostileChartSourcesTest {
    private static final byte[] CHART = "apiVersion: v2\nname: dify\nversion: 9.9.9\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUES = "api:\n  image:\n    repository: langgenius/dify-api\n    tag: \"1.0.0\"\n"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path repo;
    @TempDir
    Path charts;

    @BeforeEach
    void repository() throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".difyops.yaml"), "releaseCatalog: \"off\"\n");
    }

    private void index(String digest, String url) throws Exception {
        Files.writeString(charts.resolve("index.yaml"), "apiVersion: v1\nentries:\n  dify:\n    - name: dify\n      version: 9.9.9\n"
                + "      digest: \"" + digest + "\"\n      urls:\n        - \"" + url + "\"\n");
    }

    private Cli.Result lock() {
        return Cli.run("lock", "-C", repo.toString(), "--version", "9.9.9", "--chart-source", charts.toString());
    }

    @Test
    void anArchiveWithoutADigestIsRefused() throws Exception {
        byte[] tgz = HelmRepos.tgz(Map.of("dify/Chart.yaml", CHART, "dify/values.yaml", VALUES));
        Files.write(charts.resolve("dify-9.9.9.tgz"), tgz);
        index("", "dify-9.9.9.tgz");
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no sha256 digest").contains("refused");
        index("../../../../etc/passwd", "dify-9.9.9.tgz");
        assertThat(lock().err()).contains("no sha256 digest");
        index(ChartRepository.sha256(tgz), "dify-9.9.9.tgz");
        assertThat(lock().code()).as("the same archive with its digest").isZero();
    }

    @Test
    void anArchiveUrlOutsideTheChartSourceIsNeverRead() throws Exception {
        index("a".repeat(64), "../../etc/passwd");
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("outside the chart source");
        index("a".repeat(64), "https://elsewhere.example/dify-9.9.9.tgz");
        assertThat(lock().err()).contains("outside the chart source");
    }

    @Test
    void aLinkInPlaceOfTheValuesIsRefusedNotReadAsEmpty() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            TarArchiveEntry chart = new TarArchiveEntry("dify/Chart.yaml");
            chart.setSize(CHART.length);
            tar.putArchiveEntry(chart);
            tar.write(CHART);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("dify/values.yaml", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Files.write(charts.resolve("dify-9.9.9.tgz"), bytes.toByteArray());
        index(ChartRepository.sha256(bytes.toByteArray()), "dify-9.9.9.tgz");
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a regular file");
        assertThat(repo.resolve("charts-values/locks/dify-9.9.9.lock.yaml")).doesNotExist();
    }

    @Test
    void aLockThatWouldCheckNoImageIsRefused() throws Exception {
        byte[] tgz = HelmRepos.tgz(Map.of("dify/Chart.yaml", CHART, "dify/values.yaml", "replicas: 1\n".getBytes(StandardCharsets.UTF_8)));
        Files.write(charts.resolve("dify-9.9.9.tgz"), tgz);
        index(ChartRepository.sha256(tgz), "dify-9.9.9.tgz");
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a lock with no images is refused");
        assertThat(repo.resolve("charts-values/locks/dify-9.9.9.lock.yaml")).doesNotExist();
    }
}
