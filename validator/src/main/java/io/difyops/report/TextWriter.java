package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code file:line:column: severity [rule] message}, then a summary line. Quiet: errors only, no summary.
 * With colours (a terminal, see {@link #colours}), the severity is red or yellow and the rule id dim.
 */
public final class TextWriter implements ReportWriter {
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final boolean quiet;
    private final boolean colours;

    public TextWriter(boolean quiet) {
        this(quiet, false);
    }

    public TextWriter(boolean quiet, boolean colours) {
        this.quiet = quiet;
        this.colours = colours;
    }

    /**
     * Whether to colour: {@code always}, {@code never}, or {@code auto}: on a terminal, unless
     * {@code NO_COLOR} is set to anything but the empty string (no-color.org) or {@code TERM} is {@code dumb}.
     */
    public static boolean colours(String mode, boolean terminal, java.util.Map<String, String> env) {
        return switch (mode) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> terminal && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty()) && !"dumb".equals(env.get("TERM"));
            default -> throw new IllegalArgumentException("--color takes auto, always or never, not '" + mode + "'");
        };
    }

    private String paint(String code, String text) {
        return colours ? code + text + RESET : text;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        for (Finding f : report.findings()) {
            if (quiet && f.severity() != Severity.ERROR) {
                continue;
            }
            String severity = paint(f.severity() == Severity.ERROR ? RED : f.severity() == Severity.WARNING ? YELLOW : DIM, f.severity().label());
            // escaped apart: the colour codes are ours, a control character in a message is not
            out.write(paint(BOLD, Escape.line(f.location())) + ": " + severity + " " + paint(DIM, "[" + f.rule() + "]") + " "
                    + Escape.line(f.message() + (f.resource().isEmpty() ? "" : " (" + f.resource() + ")")) + "\n");
        }
        if (!quiet) {
            out.write((colours ? paint(report.errors() > 0 ? RED : BOLD, summary(report)) : summary(report)) + "\n");
        }
    }

    /** Valid counts only resources checked against a schema; Unchecked are those no schema was found for. */
    static String summary(Report r) {
        return "Summary: " + r.resources().size() + " resource" + (r.resources().size() == 1 ? "" : "s") + " found in " + r.files()
                + " file" + (r.files() == 1 ? "" : "s") + " - Valid: " + r.checked() + ", Invalid: " + r.invalid()
                + ", Unchecked: " + r.unchecked() + ", Skipped: " + r.skipped()
                + "; " + r.errors() + " error" + (r.errors() == 1 ? "" : "s") + ", " + r.warnings() + " warning" + (r.warnings() == 1 ? "" : "s");
    }
}
