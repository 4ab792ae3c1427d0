package io.difyops.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chart lock files of one repository ({@code charts-values/locks/<chart>-<version>.lock.yaml}),
 * read once before the rules run; a lock that cannot be read is kept with its reason, for the rules
 * to report instead of passing it over.
 */
public final class ChartLocks {
    private final Map<String, ChartLock> locks = new LinkedHashMap<>();
    private final Map<String, String> unreadable = new LinkedHashMap<>();

    public ChartLocks(Path root) {
        Path dir = root.resolve(ChartLock.DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".lock.yaml")).sorted().toList()) {
                String key = f.getFileName().toString().replaceFirst("\\.lock\\.yaml$", "");
                try {
                    locks.put(key, ChartLock.read(root, f));
                } catch (IOException | RuntimeException e) {
                    unreadable.put(key, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
        } catch (IOException e) {
            unreadable.put("*", e.getMessage());
        }
    }

    /** The lock of {@code chart} at {@code version}, or empty when there is none (or it cannot be read: see {@link #problem}). */
    public Optional<ChartLock> get(String chart, String version) {
        return Optional.ofNullable(locks.get(chart + "-" + version));
    }

    /** Why the lock of {@code chart} at {@code version} could not be read, if it could not. */
    public Optional<String> problem(String chart, String version) {
        return Optional.ofNullable(unreadable.get(chart + "-" + version));
    }
}
