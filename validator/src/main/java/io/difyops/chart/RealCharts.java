package io.difyops.chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real charts behind the pinned versions, fetched before the rules run (online only) so that
 * a rule compares without doing I/O: by chart source and version, the chart's lock as built from
 * its archive (checked against the index digest), or why it could not be fetched.
 */
public final class RealCharts {
    /** A request: where the chart comes from and which version. */
    public record Request(String source, String chart, String version) {
    }

    /** The chart's lock, or the reason it could not be read. */
    public record Result(ChartLock lock, String error) {
    }

    public static final RealCharts NONE = new RealCharts(Map.of());

    private final Map<Request, Result> results;

    private RealCharts(Map<Request, Result> results) {
        this.results = results;
    }

    public static RealCharts fetch(Iterable<Request> requests, Path cacheDir) {
        Map<Request, Result> out = new LinkedHashMap<>();
        for (Request r : requests) {
            out.computeIfAbsent(r, k -> {
                try {
                    ChartRepository repo = new ChartRepository(k.source(), cacheDir, false);
                    ChartRepository.Entry e = repo.entry(k.chart(), k.version());
                    return new Result(ChartLock.of(ChartArchive.read(repo.archive(e)), k.source(), e.digest()), null);
                } catch (IOException | RuntimeException ex) {
                    return new Result(null, ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
                }
            });
        }
        return new RealCharts(out);
    }

    public Optional<Result> get(String source, String chart, String version) {
        return Optional.ofNullable(results.get(new Request(source, chart, version)));
    }
}
