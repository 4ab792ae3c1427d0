package io.difyops.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.testing.Cli;
import io.difyops.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs flux-schema's validate fixtures ({@code parity/flux-schema}) and its inline test constants
 * through our command line and asserts the same verdicts, including every resource its tests call
 * invalid.
 *
 * <p>No flag is translated: {@code difyops validate} takes flux-schema's flags as they are
 * ({@code --skip-missing-schemas}, {@code --skip-kind}, {@code --skip-cel-rules},
 * {@code --skip-json-path}, {@code --verbose}). The fixtures are outside any difyops repository, so
 * only the generic rules run (YAML, schema, CEL, metadata), as in flux-schema, and SOPS documents
 * are validated as they are unless {@code --skip-json-path Secret:/sops} says otherwise.
 */
class FluxSchemaParityTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> validateCasesGiveTheSameVerdicts() throws Exception {
        Path dir = Shared.reference("parity/flux-schema");
        JsonNode expected = new YamlReader(Limits.DEFAULT, true)
                .read("expected.yaml", Files.readString(dir.resolve("expected.yaml")), new Findings()).get(0).root();
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : expected.path("cases")) {
            i++;
            tests.add(DynamicTest.dynamicTest(i + ": " + c.path("test").asString(), () -> runCase(dir, c)));
        }
        assertThat(tests).hasSize(9);
        return tests.stream();
    }

    private static void runCase(Path dir, JsonNode c) {
        List<String> in = new ArrayList<>();
        c.path("flags").forEach(f -> in.add(f.asString()));
        // flux-schema's flags as they are; only its testdata paths are made absolute.
        List<String> args = new ArrayList<>(List.of("validate", "--output", "json"));
        for (String flag : in) {
            args.add(flag.startsWith("./testdata/") ? dir.resolve(flag.replace("./testdata/", "")).toString() : flag);
        }
        for (JsonNode f : c.path("files")) {
            args.add(dir.resolve(f.asString()).toString());
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        String context = "args " + args + "\n" + r.out() + r.err();
        assertThat(r.code()).as(context).isNotEqualTo(2);
        assertThat(r.code() == 1).as(context).isEqualTo(c.path("expectError").asBoolean());
        JsonNode summary = r.json().path("summary");
        if (c.has("resources")) {
            assertThat(summary.path("resources").asInt()).as(context).isEqualTo(c.path("resources").asInt());
        }
        if (c.has("counts")) {
            assertThat(summary.path("skipped").asInt()).as(context).isEqualTo(c.path("counts").path("skipped").asInt());
            assertThat(invalidResources(r).size()).as(context).isEqualTo(c.path("counts").path("invalid").asInt());
        }
        Set<String> invalid = invalidResources(r);
        for (JsonNode pr : c.path("perResource")) {
            String id = pr.path("id").asString();
            boolean ours = invalid.stream().anyMatch(x -> sameResource(x, id));
            assertThat(ours).as(id + " should be " + pr.path("expect").asString() + "\n" + context)
                    .isEqualTo("invalid".equals(pr.path("expect").asString()));
        }
    }

    /** Resource identities with an error finding (flux-schema's "invalid"). */
    static Set<String> invalidResources(Cli.Result r) {
        Set<String> out = new HashSet<>();
        for (JsonNode f : r.json().path("findings")) {
            if ("error".equals(f.path("severity").asString())) {
                out.add(f.path("resource").asString().isEmpty() ? f.path("file").asString() + ":" + f.path("line").asInt()
                        : f.path("resource").asString());
            }
        }
        return out;
    }

    /** flux-schema's {@code Kind/namespace/name} against our {@code group/version/Kind namespace/name}. */
    static boolean sameResource(String ours, String theirs) {
        String[] t = theirs.split("/", 3);
        return ours.contains("/" + t[0] + " ") && ours.endsWith(" " + t[1] + "/" + t[2]);
    }

    // --- flux-schema's inline test constants (validate_test.go) ---

    private Cli.Result inline(String crd, List<String> flags, String... manifests) throws Exception {
        Path consts = Shared.reference("parity/flux-schema/inline-test-constants");
        StringBuilder text = new StringBuilder();
        for (String m : manifests) {
            text.append("---\n").append(Files.readString(consts.resolve(m)));
        }
        Path file = tmp.resolve("manifests.yaml");
        Files.writeString(file, text.toString());
        List<String> args = new ArrayList<>(List.of("validate", "--output", "json"));
        if (crd != null) {
            args.addAll(List.of("--schema-location", consts.resolve(crd).toString()));
        } else {
            Path empty = tmp.resolve("empty-schemas");
            Files.createDirectories(empty);
            args.addAll(List.of("--schema-location", empty.toString()));
        }
        args.addAll(flags);
        args.add(file.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void widgetValidAndInvalid() throws Exception {
        Cli.Result valid = inline("widget-crd.yaml", List.of(), "valid-widget.yaml");
        assertThat(valid.code()).as(valid.out()).isZero();
        Cli.Result invalid = inline("widget-crd.yaml", List.of(), "invalid-widget.yaml");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.json().path("findings").findValuesAsString("pointer")).contains("/spec/name");
        Cli.Result three = inline("widget-crd.yaml", List.of(), "valid-widget.yaml", "invalid-widget.yaml", "valid-widget.yaml");
        assertThat(three.code()).isEqualTo(1);
        assertThat(three.json().path("summary").path("resources").asInt()).isEqualTo(3);
        assertThat(invalidResources(three)).hasSize(1);
    }

    @Test
    void missingSchemaIsAnErrorUnlessSkipped() throws Exception {
        Cli.Result missing = inline(null, List.of(), "valid-widget.yaml");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("no schema for kind \\\"Widget\\\"");
        Cli.Result skipped = inline(null, List.of("--ignore-missing-schemas"), "valid-widget.yaml");
        assertThat(skipped.code()).isZero();
        assertThat(skipped.json().path("summary").path("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void aNamelessObjectIsInvalidEvenWithoutSchema() throws Exception {
        Cli.Result r = inline(null, List.of("--ignore-missing-schemas"), "noname-widget.yaml");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.json().path("findings").get(0).path("pointer").asString()).isEqualTo("/metadata");
        assertThat(r.json().path("findings").get(0).path("message").asString()).contains("missing property 'name' or 'generateName'");
    }

    @Test
    void aDocumentWithoutApiVersionAndKindIsInvalid() throws Exception {
        Cli.Result r = inline("widget-crd.yaml", List.of(), "noheader.yaml");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("resource-identity").contains("'apiVersion' and 'kind'");
    }

    @Test
    void celRulesOfACrd() throws Exception {
        assertThat(inline("gadget-cel-crd.yaml", List.of(), "valid-gadget.yaml").code()).isZero();
        Cli.Result bad = inline("gadget-cel-crd.yaml", List.of(), "cel-violating-gadget.yaml");
        assertThat(bad.code()).isEqualTo(1);
        JsonNode f = bad.json().path("findings").get(0);
        assertThat(f.path("rule").asString()).isEqualTo("cel");
        assertThat(f.path("pointer").asString()).isEqualTo("/spec");
        assertThat(f.path("message").asString()).contains("spec.mode must be ok");
        assertThat(inline("gadget-cel-crd.yaml", List.of("--disable", "cel"), "cel-violating-gadget.yaml").code()).isZero();
    }
}
