package io.difyops.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The lock files of one repository, each read at most once per run. */
public final class ChartLocks {
    private final Path root;
    private final Map<String, Optional<ChartLock>> cache = new ConcurrentHashMap<>();

    public ChartLocks(Path root) {
        this.root = root;
    }

    /** The lock of {@code chart} at {@code version}, or empty when there is none (or it cannot be read). */
    public Optional<ChartLock> get(String chart, String version) {
        return cache.computeIfAbsent(chart + "@" + version, k -> {
            Path file = ChartLock.file(root, chart, version);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(ChartLock.read(file));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
