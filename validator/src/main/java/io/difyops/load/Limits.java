package io.difyops.load;

/**
 * Bounds that keep hostile or broken input cheap to refuse. Every bound that is hit becomes an
 * {@code input-limit} finding, never a crash.
 */
public record Limits(long maxFileBytes, int maxDepth, long maxNodes) {
    /** 32 MiB per file, 500 levels of nesting, two million nodes after alias expansion. */
    public static final Limits DEFAULT = new Limits(32L * 1024 * 1024, 500, 2_000_000);
}
