package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.load.Json;
import io.difyops.diag.Finding;
import java.io.IOException;
import java.io.Writer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The versioned JSON report that CI and later tools read (shape fixed at {@code "version": 1}). */
public final class JsonWriter implements ReportWriter {
    @Override
    public void write(Report report, Writer out) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ObjectNode s = root.putObject("summary");
        s.put("files", report.files());
        s.put("resources", report.resources().size());
        s.put("errors", report.errors());
        s.put("warnings", report.warnings());
        s.put("skipped", report.skipped());
        s.put("checked", report.checked());
        s.put("invalid", report.invalid());
        s.put("unchecked", report.unchecked());
        ArrayNode fs = root.putArray("findings");
        for (Finding f : report.findings()) {
            fs.addObject().put("rule", f.rule()).put("severity", f.severity().label()).put("file", f.file())
                    .put("line", f.line()).put("column", f.column()).put("pointer", f.pointer())
                    .put("resource", f.resource()).put("message", f.message());
            if (!f.detail().isEmpty()) {
                ((ObjectNode) fs.get(fs.size() - 1)).put("detail", f.detail());
            }
        }
        out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.write("\n");
    }
}
