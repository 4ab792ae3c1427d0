package io.difyops.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.cel.CelRules;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every CRD under {@code ../shared/reference/crds} loads, converts and compiles, strict and not; and
 * every CEL rule in them compiles and evaluates to a boolean on a value built from its schema.
 */
class RealCrdsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static List<Path> crdFiles() throws Exception {
        Path crds = Shared.reference("crds");
        try (Stream<Path> s = Files.walk(crds)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<CrdConverter.Version> versions(Path file) throws Exception {
        Findings problems = new Findings();
        List<YamlDocument> docs = new YamlReader(Limits.DEFAULT, true).read(file.toString(), Files.readString(file), problems);
        assertThat(problems.list()).as(file.toString()).isEmpty();
        List<CrdConverter.Version> out = new ArrayList<>();
        for (YamlDocument d : docs) {
            if (CrdConverter.isCrd(d.root()) || CrdConverter.isXrd(d.root())) {
                out.addAll(CrdConverter.versions(d.root()));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCrdLoadsAndCompiles() throws Exception {
        JsonSchemas compiler = new JsonSchemas(new SchemaFetcher(null, true));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : crdFiles()) {
            tests.add(DynamicTest.dynamicTest(Shared.reference("crds").relativize(file).toString(), () -> {
                List<CrdConverter.Version> versions = versions(file);
                assertThat(versions).as("served versions of " + file).isNotEmpty();
                for (CrdConverter.Version v : versions) {
                    for (boolean strict : new boolean[] {true, false}) {
                        JsonNode schema = CrdConverter.toJsonSchema(v, strict);
                        compiler.compile(new SchemaSource(schema, null, v.kind()), schema);
                    }
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyCelRuleCompilesAndEvaluates() throws Exception {
        CelRules cel = new CelRules();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : crdFiles()) {
            for (CrdConverter.Version v : versions(file)) {
                JsonNode schema = CrdConverter.toJsonSchema(v, true);
                for (CelRules.Site site : CelRules.sites(schema)) {
                    String name = v.group() + "/" + v.version() + "/" + v.kind() + " " + site.schemaPath() + ": " + site.expression();
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        cel.program(site.expression());
                        JsonNode at = schemaAt(schema, site.schemaPath());
                        Object self = CelRules.toCel(sample(at, 0));
                        Object result = cel.eval(site.expression(), self, CelRules.isTransitionRule(site.expression()) ? self : null);
                        assertThat(result).as(name).isInstanceOf(Boolean.class);
                    }));
                }
            }
        }
        assertThat(tests).as("CEL rules in the reference CRDs").hasSizeGreaterThan(50);
        return tests.stream();
    }

    private static JsonNode schemaAt(JsonNode schema, String path) {
        return "/".equals(path) ? schema : schema.at(path);
    }

    /** A value for a schema with every property present, so that field selections in rules resolve. */
    static JsonNode sample(JsonNode s, int depth) {
        if (s.has("default")) {
            return s.get("default");
        }
        if (s.has("enum") && s.get("enum").size() > 0) {
            return s.get("enum").get(0);
        }
        String type = s.path("type").isString() ? s.path("type").asString() : s.path("type").path(0).asString("");
        if (type.isEmpty() && (s.has("anyOf") || s.has("oneOf"))) {
            return F.numberNode(1);
        }
        if (type.isEmpty() && s.has("properties")) {
            type = "object";
        }
        switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                if (depth < 14) {
                    for (var p : s.path("properties").properties()) {
                        o.set(p.getKey(), sample(p.getValue(), depth + 1));
                    }
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                if (depth < 14 && s.has("items")) {
                    a.add(sample(s.get("items"), depth + 1));
                }
                return a;
            }
            case "integer" -> {
                return F.numberNode(s.path("minimum").asLong(1));
            }
            case "number" -> {
                return F.numberNode(1.0);
            }
            case "boolean" -> {
                return F.booleanNode(true);
            }
            default -> {
                return F.stringNode("x");
            }
        }
    }

    @Test
    void everyFunctionTheReferenceRulesUseIsAvailable() throws Exception {
        CelRules cel = new CelRules();
        for (Path file : crdFiles()) {
            for (CrdConverter.Version v : versions(file)) {
                for (CelRules.Site site : CelRules.sites(v.openApiSchema())) {
                    cel.program(site.expression());
                }
            }
        }
    }
}
