package io.difyops.report;

import io.difyops.engine.Report;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML as CI test reporters read it: one test suite per file; a resource without errors is one
 * passing test case, and every error finding is a test case of its own with one failure (a reporter
 * then counts as many failures as the summary counts errors); problems that belong to no resource
 * (syntax, limits) are test cases of their file.
 */
public final class JunitWriter implements ReportWriter {
    private record Case(String name, String classname, List<Finding> failures, boolean skipped, String skipReason) {
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        Map<String, List<Case>> suites = new LinkedHashMap<>();
        Set<Finding> attached = report.resources().stream().flatMap(r -> r.findings().stream()).collect(Collectors.toSet());
        for (Report.ResourceResult r : report.resources()) {
            List<Finding> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
            List<Case> cases = suites.computeIfAbsent(r.file(), k -> new ArrayList<>());
            if (errors.isEmpty()) {
                cases.add(new Case(r.identity(), r.file(), List.of(),
                        r.status() == Report.Status.SKIPPED || r.status() == Report.Status.UNCHECKED,
                        r.status() == Report.Status.UNCHECKED ? "not checked: no schema for its kind" : "skipped"));
            }
            for (Finding f : errors) {
                cases.add(new Case(r.identity() + " [" + f.rule() + "] " + f.pointer(), r.file(), List.of(f), false, ""));
            }
        }
        Map<String, List<Finding>> loose = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            if (!attached.contains(f) && f.severity() == Severity.ERROR) {
                loose.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f);
            }
        }
        loose.forEach((file, fs) -> fs.forEach(f -> suites.computeIfAbsent(file, k -> new ArrayList<>())
                .add(new Case(file + " [" + f.rule() + "] " + f.location(), file, List.of(f), false, ""))));
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "difyops");
            int tests = suites.values().stream().mapToInt(List::size).sum();
            long failures = suites.values().stream().flatMap(List::stream).filter(c -> !c.failures.isEmpty()).count();
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            for (var e : suites.entrySet()) {
                List<Case> cases = e.getValue();
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", Escape.xml(e.getKey()));
                x.writeAttribute("tests", Integer.toString(cases.size()));
                x.writeAttribute("failures", Long.toString(cases.stream().filter(c -> !c.failures.isEmpty()).count()));
                x.writeAttribute("errors", "0");
                x.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> c.skipped && c.failures.isEmpty()).count()));
                for (Case c : cases) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("name", Escape.xml(c.name));
                    x.writeAttribute("classname", Escape.xml(c.classname));
                    if (c.skipped && c.failures.isEmpty()) {
                        x.writeStartElement("skipped");
                        x.writeCharacters(Escape.xml(c.skipReason));
                        x.writeEndElement();
                    }
                    for (Finding f : c.failures) {
                        x.writeStartElement("failure");
                        x.writeAttribute("type", Escape.xml(f.rule()));
                        x.writeAttribute("message", Escape.xml(f.message()));
                        x.writeCharacters(Escape.xml(f.location() + " " + f.pointer() + ": " + f.message()));
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.writeCharacters("\n");
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }
}
