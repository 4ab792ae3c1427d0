package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import java.io.IOException;
import java.io.Writer;

/** {@code file:line:column: severity [rule] message}, then a summary line. Quiet: errors only, no summary. */
public final class TextWriter implements ReportWriter {
    private final boolean quiet;

    public TextWriter(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        for (Finding f : report.findings()) {
            if (quiet && f.severity() != Severity.ERROR) {
                continue;
            }
            out.write(Escape.line(f.location() + ": " + f.severity().label() + " [" + f.rule() + "] " + f.message()
                    + (f.resource().isEmpty() ? "" : " (" + f.resource() + ")")) + "\n");
        }
        if (!quiet) {
            out.write(summary(report) + "\n");
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
