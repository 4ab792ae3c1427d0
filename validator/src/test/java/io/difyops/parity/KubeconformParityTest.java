package io.difyops.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.testing.Cli;
import io.difyops.testing.Shared;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs every offline case of kubeconform's acceptance tests ({@code parity/kubeconform/expected.yaml})
 * through our command line, with the flags translated, and asserts the same verdict.
 *
 * <p>Flag translation: no {@code -strict} runs with {@code --no-strict} against the non-strict
 * schemas, {@code -strict} against the strict ones; kubeconform's default location is the local
 * copy of the same yannh folder; {@code -skip}, {@code -reject}, {@code -ignore-missing-schemas}
 * keep their meaning; {@code -ignore-filename-pattern} regexes become {@code --ignore} globs;
 * {@code -summary}, {@code -verbose} and {@code -output tap} only change presentation and are
 * dropped; {@code -output junit} is checked against the fixtures' {@code junit.xsd};
 * {@code -kubernetes-version 1.20.0} is dropped (only master schemas are stored); kubeconform's
 * {@code -cache} folder uses the same file layout as ours ({@code --cache-dir}, with {@code --offline}).
 *
 * <p>Left out, as the issue allows: every {@code network: true} case; stdin cases; the
 * {@code HTTPS_PROXY} case; {@code -kubernetes-version 1.25} (version selection); the missing
 * {@code -cache} folder case and the cached {@code _definitions.json} case (its fixture was not
 * copied); {@code valid_large.yaml} (fixture absent); and "valid.yaml without network and without
 * cache", where kubeconform errors while we, by design, warn ({@code schema-unreachable}) that the
 * object was not checked.
 */
class KubeconformParityTest {

    @TestFactory
    Stream<DynamicTest> offlineCasesGiveTheSameVerdict() throws Exception {
        Path dir = Shared.reference("parity/kubeconform");
        JsonNode expected = new YamlReader(Limits.DEFAULT, true)
                .read("expected.yaml", Files.readString(dir.resolve("expected.yaml")), new Findings()).get(0).root();
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode c : expected.path("cases")) {
            index++;
            String why = leftOut(c);
            String name = index + ": " + c.path("test").asString();
            if (why != null) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name, () -> runCase(dir, c)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(30);
        return tests.stream();
    }

    /** Why a case is left out, or null when it runs. */
    static String leftOut(JsonNode c) {
        List<String> flags = flags(c);
        if (c.path("network").asBoolean(false)) {
            return "needs the network";
        }
        if (c.path("stdin").asBoolean(false)) {
            return "reads standard input";
        }
        if (c.has("env")) {
            return "tests an HTTPS proxy";
        }
        if (c.path("fixtureMissing").asBoolean(false)) {
            return "fixture not stored";
        }
        int kv = flags.indexOf("-kubernetes-version");
        if (kv >= 0 && !"1.20.0".equals(flags.get(kv + 1))) {
            return "Kubernetes version selection";
        }
        if (flags.contains("-cache") && !flags.get(flags.indexOf("-cache") + 1).startsWith("fixtures/cache")) {
            return "tests kubeconform's cache folder handling";
        }
        if (flags.contains("-cache") && flags.contains("-schema-location")) {
            return "cached _definitions.json not stored";
        }
        if (c.path("noNetwork").asBoolean(false) && flags.isEmpty()) {
            return "no network and no cache: kubeconform errors, we warn (schema-unreachable) by design";
        }
        return null;
    }

    private static List<String> flags(JsonNode c) {
        List<String> f = new ArrayList<>();
        c.path("flags").forEach(x -> f.add(x.asString()));
        return f;
    }

    private static void runCase(Path dir, JsonNode c) throws Exception {
        Path schemas = Shared.reference("k8s-schemas");
        List<String> in = flags(c);
        boolean strict = in.contains("-strict");
        String defaultLocation = schemas.resolve(strict ? "yannh-master-standalone-strict" : "yannh-master-standalone").toString();
        List<String> args = new ArrayList<>(List.of("validate", "--output", "json"));
        String output = null;
        boolean locationGiven = false;
        boolean offlineCache = false;
        for (int i = 0; i < in.size(); i++) {
            String f = in.get(i);
            switch (f) {
                case "-strict", "-summary", "-verbose" -> {
                }
                case "-kubernetes-version" -> i++;
                case "-output" -> output = in.get(++i);
                case "-skip" -> args.addAll(List.of("--skip", in.get(++i)));
                case "-reject" -> args.addAll(List.of("--reject", in.get(++i)));
                case "-ignore-missing-schemas" -> args.add("--ignore-missing-schemas");
                case "--ignore-filename-pattern" -> args.addAll(List.of("--ignore", "*" + in.get(++i).replace(".*", "") + "*"));
                case "-cache" -> {
                    args.addAll(List.of("--cache-dir", dir.resolve(in.get(++i)).toString(), "--offline"));
                    offlineCache = true;
                }
                case "-schema-location" -> {
                    String loc = in.get(++i);
                    locationGiven = true;
                    if ("default".equals(loc)) {
                        loc = defaultLocation;
                    } else if (!loc.startsWith("http")) {
                        loc = dir.resolve(loc.startsWith("./") ? loc.substring(2) : loc).toString();
                    }
                    args.addAll(List.of("--schema-location", loc));
                }
                default -> throw new AssertionError("untranslated kubeconform flag " + f);
            }
        }
        if (!strict) {
            args.add("--no-strict");
        }
        if (!locationGiven && !offlineCache) {
            args.addAll(List.of("--schema-location", defaultLocation));
        }
        if (offlineCache) {
            args.addAll(List.of("--schema-location", "default"));
        }
        JsonNode file = c.path("file");
        if (file.isArray()) {
            file.forEach(x -> args.add(dir.resolve("fixtures").resolve(x.asString()).toString()));
        } else {
            args.add(dir.resolve("fixtures").resolve(file.asString()).toString());
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        String verdict = verdict(r);
        assertThat(verdict).as("args %s%nout %s%nerr %s", args, r.out(), r.err()).isEqualTo(c.path("expect").asString());
        if (c.has("resources") && r.code() != 2) {
            assertThat(r.json().path("summary").path("resources").asInt()).isEqualTo(c.path("resources").asInt());
        }
        if (c.has("files") && r.code() != 2) {
            assertThat(r.json().path("summary").path("files").asInt()).isEqualTo(c.path("files").asInt());
        }
        if ("junit".equals(output)) {
            List<String> junitArgs = new ArrayList<>(args);
            junitArgs.set(junitArgs.indexOf("json"), "junit");
            String xml = Cli.run(junitArgs.toArray(String[]::new)).out();
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(dir.resolve("fixtures/junit.xsd").toFile())
                    .newValidator().validate(new StreamSource(new StringReader(xml)));
        }
        // Verdicts must match; messages are compared where ours keep kubeconform's wording on purpose.
        String message = c.path("messageContains").asString("");
        if (List.of("prohibited resource kind", "failed initialising", "could not find schema").stream().anyMatch(message::contains)) {
            assertThat(r.out() + r.err()).contains(message);
        }
    }

    /** valid, invalid, error, skipped or pass-empty, from exit code and JSON report. */
    static String verdict(Cli.Result r) {
        if (r.code() == 2) {
            return "error";
        }
        JsonNode report = r.json();
        int resources = report.path("summary").path("resources").asInt();
        if (r.code() == 1) {
            boolean schemaViolation = false;
            boolean other = false;
            for (JsonNode f : report.path("findings")) {
                if (!"error".equals(f.path("severity").asString())) {
                    continue;
                }
                switch (f.path("rule").asString()) {
                    case "schema", "cel", "metadata-name" -> schemaViolation = true;
                    default -> other = true;
                }
            }
            return other ? "error" : schemaViolation ? "invalid" : "error";
        }
        if (resources == 0) {
            return "pass-empty";
        }
        int skipped = report.path("summary").path("skipped").asInt();
        return skipped == resources ? "skipped" : "valid";
    }
}
