package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.load.Json;
import io.difyops.diag.Finding;
import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.rules.Rules;
import io.difyops.diag.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** SARIF 2.1.0 for GitHub code scanning; every rule is described in {@code tool.driver.rules}. */
public final class SarifWriter implements ReportWriter {
    @Override
    public void write(Report report, Writer out) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "difyops");
        driver.put("informationUri", "https://github.com/difyops/difyops");
        driver.put("semanticVersion", "0.1.0");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> index = new HashMap<>();
        List<Rule> all = Rules.all();
        for (Rule r : all) {
            RuleInfo i = r.info();
            index.put(i.id(), rules.size());
            ObjectNode rule = rules.addObject();
            rule.put("id", i.id());
            rule.put("name", camel(i.id()));
            rule.putObject("shortDescription").put("text", i.summary());
            rule.putObject("fullDescription").put("text", i.explanation().strip());
            rule.putObject("help").put("text", i.explanation().strip()).put("markdown", i.explanation().strip());
            rule.putObject("defaultConfiguration").put("level", level(i.severity()));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            if (index.containsKey(f.rule())) {
                res.put("ruleIndex", index.get(f.rule()));
            }
            res.put("level", level(f.severity()));
            res.putObject("message").put("text", f.message());
            ObjectNode loc = res.putArray("locations").addObject();
            ObjectNode phys = loc.putObject("physicalLocation");
            phys.putObject("artifactLocation").put("uri", f.file()).put("uriBaseId", "%SRCROOT%");
            phys.putObject("region").put("startLine", f.line()).put("startColumn", f.column());
            if (!f.resource().isEmpty()) {
                loc.putArray("logicalLocations").addObject().put("fullyQualifiedName", f.resource()).put("kind", "object");
            }
            res.putObject("properties").put("pointer", f.pointer());
        }
        run.putObject("originalUriBaseIds").putObject("%SRCROOT%").put("uri", "./");
        out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        out.write("\n");
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
