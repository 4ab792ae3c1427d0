package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.diag.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pull-request summary: the counts, then the findings grouped by file. */
public final class MarkdownWriter implements ReportWriter {
    @Override
    public void write(Report report, Writer out) throws IOException {
        out.write("## difyops validate: " + (report.failed() ? "❌ failed" : report.unchecked() > 0 ? "⚠️ passed, with unchecked resources" : "✅ passed") + "\n\n");
        out.write("| files | resources | checked | invalid | unchecked | skipped | errors | warnings |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.write("| " + report.files() + " | " + report.resources().size() + " | " + report.checked() + " | " + report.invalid()
                + " | " + report.unchecked() + " | " + report.skipped() + " | " + report.errors() + " | " + report.warnings() + " |\n");
        if (report.unchecked() > 0) {
            out.write("\n⚠️ " + report.unchecked() + " resource" + (report.unchecked() == 1 ? " was" : "s were")
                    + " not checked against any schema.\n");
        }
        if (report.findings().isEmpty()) {
            out.write("\nNo findings.\n");
            return;
        }
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            byFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f);
        }
        for (var e : byFile.entrySet()) {
            out.write("\n### " + Escape.code(e.getKey()) + "\n\n| line | severity | rule | message |\n|---:|---|---|---|\n");
            for (Finding f : e.getValue()) {
                out.write("| " + f.line() + ":" + f.column() + " | " + f.severity().label() + " | " + Escape.code(f.rule()) + " | "
                        + Escape.markdown(f.message()) + (f.resource().isEmpty() ? "" : " <br>" + Escape.code(f.resource())) + " |\n");
            }
        }
    }
}
