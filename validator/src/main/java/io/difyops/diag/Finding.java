package io.difyops.diag;

import java.util.Comparator;

/**
 * One problem at one place. {@code file} is relative to the repository root with forward slashes;
 * {@code line} and {@code column} are 1-based; {@code pointer} is an RFC 6901 JSON pointer into the
 * document ("" for the whole document); {@code resource} identifies the object, or is empty.
 * {@code message} is one line of at most about 200 characters; {@code detail} (often empty) holds
 * what does not fit, for the JSON report.
 */
public record Finding(String rule, Severity severity, String file, int line, int column,
                      String pointer, String resource, String message, String detail) {

    /** A finding whose message says it all (no detail). */
    public Finding(String rule, Severity severity, String file, int line, int column, String pointer, String resource, String message) {
        this(rule, severity, file, line, column, pointer, resource, message, "");
    }

    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line).thenComparingInt(Finding::column)
            .thenComparing(Finding::rule).thenComparing(Finding::message);

    public Finding withSeverity(Severity s) {
        return new Finding(rule, s, file, line, column, pointer, resource, message, detail);
    }

    public String location() {
        return file + ":" + line + ":" + column;
    }
}
