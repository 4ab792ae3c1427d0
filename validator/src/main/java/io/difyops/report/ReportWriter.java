package io.difyops.report;

import io.difyops.engine.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** One output format. Each format is a small class; {@link #forFormat} picks one. */
public interface ReportWriter {
    void write(Report report, Writer out) throws IOException;

    /** text, json, sarif, junit or markdown. */
    static ReportWriter forFormat(String format, boolean quiet) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> new TextWriter(quiet);
            case "json" -> new JsonWriter();
            case "sarif" -> new SarifWriter();
            case "junit" -> new JunitWriter();
            case "markdown", "md" -> new MarkdownWriter();
            default -> throw new IllegalArgumentException("unknown output format '" + format + "' (use text, json, sarif, junit or markdown)");
        };
    }
}
