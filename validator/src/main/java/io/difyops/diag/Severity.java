package io.difyops.diag;

import java.util.Locale;

/** How much a finding matters. Only {@link #ERROR} fails the gate (exit code 1). */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code error}, {@code warning}, {@code note} (or {@code info}); anything else is rejected. */
    public static Severity parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            case "note", "info" -> NOTE;
            default -> throw new IllegalArgumentException("unknown severity '" + text + "' (use error, warning, note or off)");
        };
    }
}
