package io.difyops.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's time goes, phase by phase, printed to stderr when {@code DIFYOPS_TIMINGS} is set (for
 * the benchmark and for anyone asking why a run is slow). Costs nothing otherwise.
 */
public final class Timings {
    private static final boolean ON = System.getenv("DIFYOPS_TIMINGS") != null;
    private static final long START = System.nanoTime();
    private static final List<String> LINES = new ArrayList<>();
    private static long last = START;

    private Timings() {
    }

    /** Marks the end of a phase. */
    public static synchronized void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        LINES.add(String.format(java.util.Locale.ROOT, "%-28s %7.0f ms (at %7.0f ms since the JVM started)", phase, (now - last) / 1e6,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1.0));
        last = now;
    }

    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> PARTS = new java.util.concurrent.ConcurrentHashMap<>();

    public static boolean on() {
        return ON;
    }

    /** Adds time to a named part of a phase (a rule, say). */
    public static void add(String part, long nanos) {
        if (ON) {
            PARTS.computeIfAbsent(part, k -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(nanos);
        }
    }

    /** Prints the phases, and the ten costliest parts, if asked for. */
    public static synchronized void print(java.io.PrintWriter err) {
        if (ON) {
            LINES.forEach(l -> err.println("difyops timing: " + l));
            PARTS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(10)
                    .forEach(e -> err.println(String.format(java.util.Locale.ROOT, "difyops timing:   %-26s %7.0f ms", e.getKey(),
                            e.getValue().get() / 1e6)));
            err.flush();
        }
    }
}
