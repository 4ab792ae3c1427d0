package io.difyops.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.engine.Report;
import io.difyops.load.Json;
import io.difyops.diag.Finding;
import io.difyops.rules.Rules;
import io.difyops.diag.Severity;
import io.difyops.testing.Shared;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;

/** Every format, written from the same findings. */
class ReportWritersTest {
    static final Finding SCHEMA = new Finding("schema", Severity.ERROR, "clusters/prod/helmrelease.yaml", 12, 7,
            "/spec/chart/spec/version", "helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/ack-dify",
            "/spec/chart/spec/version: integer found, string expected | quote <it>");
    static final Finding WARN = new Finding("schema-unreachable", Severity.WARNING, "clusters/prod/ns.yaml", 1, 1, "/apiVersion",
            "v1/Namespace dify-system", "not checked");
    static final Finding SYNTAX = new Finding("yaml-syntax", Severity.ERROR, "broken.yaml", 3, 2, "", "", "YAML syntax error");
    static final Report REPORT = new Report(3, List.of(
            new Report.ResourceResult("helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/ack-dify", "clusters/prod/helmrelease.yaml", 1,
                    Report.Status.INVALID, List.of(SCHEMA)),
            new Report.ResourceResult("v1/Namespace dify-system", "clusters/prod/ns.yaml", 1, Report.Status.VALID, List.of(WARN)),
            new Report.ResourceResult("v1/ConfigMap skipped", "clusters/prod/ns.yaml", 5, Report.Status.SKIPPED, List.of())),
            List.of(SYNTAX, SCHEMA, WARN));

    static String write(String format) throws Exception {
        StringWriter w = new StringWriter();
        ReportWriter.forFormat(format, false).write(REPORT, w);
        return w.toString();
    }

    @Test
    void text() throws Exception {
        String out = write("text");
        assertThat(out).contains("clusters/prod/helmrelease.yaml:12:7: error [schema] /spec/chart/spec/version: integer found")
                .contains("(helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/ack-dify)")
                .contains("broken.yaml:3:2: error [yaml-syntax]")
                .contains("Summary: 3 resources found in 3 files - Valid: 1, Invalid: 1, Unchecked: 0, Skipped: 1; 2 errors, 1 warning");
        StringWriter quiet = new StringWriter();
        ReportWriter.forFormat("text", true).write(REPORT, quiet);
        assertThat(quiet.toString()).doesNotContain("Summary").doesNotContain("warning [");
    }

    @Test
    void jsonHasExactlyTheDocumentedShape() throws Exception {
        JsonNode j = Json.parse(write("json"));
        assertThat(j.propertyNames()).containsExactly("version", "summary", "findings");
        assertThat(j.path("version").asInt()).isEqualTo(1);
        assertThat(j.path("summary").propertyNames()).containsExactly("files", "resources", "errors", "warnings", "skipped",
                "checked", "invalid", "unchecked");
        assertThat(j.path("summary").path("checked").asInt()).isEqualTo(1);
        assertThat(j.path("summary").path("errors").asInt()).isEqualTo(2);
        assertThat(j.path("summary").path("skipped").asInt()).isEqualTo(1);
        JsonNode f = j.path("findings").get(1);
        assertThat(f.propertyNames()).containsExactly("rule", "severity", "file", "line", "column", "pointer", "resource", "message");
        assertThat(f.path("line").asInt()).isEqualTo(12);
        assertThat(f.path("column").asInt()).isEqualTo(7);
        assertThat(f.path("pointer").asString()).isEqualTo("/spec/chart/spec/version");
        assertThat(f.path("resource").asString()).isEqualTo("helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/ack-dify");
    }

    @Test
    void sarif() throws Exception {
        JsonNode s = Json.parse(write("sarif"));
        assertThat(s.path("version").asString()).isEqualTo("2.1.0");
        JsonNode run = s.path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(rules.size()).isEqualTo(Rules.all().size());
        JsonNode result = run.path("results").get(1);
        assertThat(result.path("ruleId").asString()).isEqualTo("schema");
        assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asString()).isEqualTo("schema");
        assertThat(result.path("level").asString()).isEqualTo("error");
        JsonNode region = result.path("locations").get(0).path("physicalLocation").path("region");
        assertThat(region.path("startLine").asInt()).isEqualTo(12);
        assertThat(region.path("startColumn").asInt()).isEqualTo(7);
        assertThat(run.path("results").get(2).path("level").asString()).isEqualTo("warning");
        assertThat(rules.get(0).path("shortDescription").path("text").asString()).isNotBlank();
        assertThat(rules.get(0).path("help").path("markdown").asString()).isNotBlank();
    }

    @Test
    void junitHasATestCasePerCleanResourceAndOnePerErrorFinding() throws Exception {
        String xml = write("junit");
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        // as many failures as the summary counts errors, each its own test case with one <failure>
        assertThat(d.getElementsByTagName("failure").getLength()).isEqualTo(2);
        assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("2");
        for (int i = 0; i < d.getElementsByTagName("testcase").getLength(); i++) {
            assertThat(((org.w3c.dom.Element) d.getElementsByTagName("testcase").item(i)).getElementsByTagName("failure").getLength())
                    .isLessThanOrEqualTo(1);
        }
        assertThat(d.getElementsByTagName("skipped").getLength()).isEqualTo(1);
        if (Shared.present()) {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(Shared.reference("parity/kubeconform/fixtures/junit.xsd").toFile())
                    .newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    @Test
    void markdownGroupsFindingsByFile() throws Exception {
        String md = write("markdown");
        assertThat(md).startsWith("## difyops validate: ❌ failed")
                .contains("| 3 | 3 | 1 | 1 | 0 | 1 | 2 | 1 |")
                .contains("### <code>clusters/prod/helmrelease.yaml</code>")
                .contains("### <code>broken.yaml</code>")
                .contains("&#124; quote &lt;it&gt;");
        assertThat(md.indexOf("### <code>broken.yaml</code>")).isLessThan(md.indexOf("### <code>clusters/prod/helmrelease.yaml</code>"));
    }

    /** What a pull request names (files) and what messages quote cannot break a format or render as markup (issue 13). */
    @Test
    void hostileTextIsEscapedPerFormat() throws Exception {
        Finding hostile = new Finding("schema", Severity.ERROR, "evil`\n![x](https://evil.example/p.png)[a](b)\u0007.yaml", 1, 1, "",
                "v1/ConfigMap <img src=x>", "bell \u0007 nul \u0000 esc \u001b [click](https://evil.example) ![i](x) `tick` *b* <b> @octocat #77");
        Report r = new Report(1, List.of(new Report.ResourceResult("v1/ConfigMap x", hostile.file(), 1, Report.Status.INVALID,
                List.of(hostile))), List.of(hostile));
        StringWriter junit = new StringWriter();
        ReportWriter.forFormat("junit", false).write(r, junit);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(junit.toString())));
        StringWriter md = new StringWriter();
        ReportWriter.forFormat("markdown", false).write(r, md);
        assertThat(md.toString()).doesNotContainPattern("(?<!\\\\)\\]\\(").doesNotContainPattern("(?<!\\\\)!\\[").doesNotContain("<img").doesNotContain("<b>")
                .doesNotContain("\u0007").doesNotContain("\u0000").doesNotContain("@octocat").doesNotContain("#77");
        assertThat(md.toString().lines().filter(l -> l.startsWith("### "))).hasSize(1);
        StringWriter text = new StringWriter();
        ReportWriter.forFormat("text", false).write(r, text);
        assertThat(text.toString().lines().count()).isEqualTo(2); // one finding line, one summary: no forged line
        for (String f : List.of("json", "sarif")) {
            StringWriter w = new StringWriter();
            ReportWriter.forFormat(f, false).write(r, w);
            assertThat(Json.parse(w.toString()).isObject()).isTrue();
        }
    }
}
