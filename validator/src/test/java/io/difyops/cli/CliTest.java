package io.difyops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.rules.Rules;
import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CliTest {
    @TempDir
    Path dir;


    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void cleanRepositoryExitsZero() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ok\nspec:\n  size: 3\n");
        Cli.Result r = Cli.run("validate", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Summary: 2 resources found in 2 files - Valid: 2, Invalid: 0, Unchecked: 0, Skipped: 0");
    }

    @Test
    void errorFindingsExitOneWithFileLineColumn() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: bad\nspec:\n  size: 30\n  color: red\n");
        Cli.Result r = Cli.run("validate", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("w.yaml:6:3: error [schema] /spec/size:").contains("w.yaml:7:3: error [schema] /spec/color:");
    }

    @Test
    void celRuleFindingNamesTheRulesMessage() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: neg\nspec:\n  size: -1\n");
        Cli.Result r = Cli.run("validate", "--output", "json", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        JsonNode f = r.json().path("findings").get(0);
        assertThat(f.path("rule").asString()).isEqualTo("cel");
        assertThat(f.path("message").asString()).contains("size must be positive");
        assertThat(f.path("pointer").asString()).isEqualTo("/spec");
        assertThat(f.path("line").asInt()).isEqualTo(5);
    }

    @Test
    void noStrictAllowsUnknownFields() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  color: red\n");
        assertThat(Cli.run("validate", dir.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("validate", "--no-strict", dir.toString()).code()).isZero();
    }

    @Test
    void usageErrorsExitTwoWithoutStackTrace() throws Exception {
        Cli.Result unknownOption = Cli.run("validate", "--frobnicate");
        assertThat(unknownOption.code()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option").doesNotContain("Exception").doesNotContain("\tat ");

        Cli.Result missing = Cli.run("validate", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").doesNotContain("\tat ");

        Cli.Result badFormat = Cli.run("validate", "--output", "yaml", dir.toString());
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("unknown output format");

        Cli.Result badLocation = Cli.run("validate", "--schema-location", "foo {{ .Foo }}", dir.toString());
        assertThat(badLocation.code()).isEqualTo(2);
        assertThat(badLocation.err()).contains("failed initialising");

        assertThat(Cli.run().code()).isEqualTo(2);
    }

    @Test
    void rulesListsEveryRuleAndExplainPrintsDocumentation() {
        Cli.Result list = Cli.run("rules");
        assertThat(list.code()).isZero();
        Rules.all().forEach(rule -> assertThat(list.out()).contains(rule.info().id()).contains(rule.info().summary()));
        Cli.Result explain = Cli.run("explain", "schema");
        assertThat(explain.code()).isZero();
        assertThat(explain.out()).startsWith("# schema (error)").contains("Strict mode");
        assertThat(Cli.run("explain", "no-such-rule").code()).isEqualTo(2);
    }

    @Test
    void everyRuleHasDocumentation() {
        Rules.all().forEach(rule -> {
            assertThat(rule.info().id()).matches("[a-z][a-z0-9-]*");
            assertThat(rule.info().summary()).isNotBlank().endsWith(".");
            assertThat(rule.info().explanation().strip().length()).isGreaterThan(80);
        });
        assertThat(Rules.all().stream().map(r -> r.info().id()).distinct().count()).isEqualTo(Rules.all().size());
    }

    @Test
    void repositoryConfigSetsDefaultsAndSeverities() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n  color: red\n");
        write("notes/readme.yaml", "just: notes\n");
        write(".difyops.yaml", "strict: false\nignore: [notes/]\nseverity: {schema: warning}\n");
        Cli.Result r = Cli.run("validate", "--output", "json", dir.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.json().path("summary").path("files").asInt()).isEqualTo(2);

        write(".difyops.yaml", "strict: true\nseverity: {schema: warning}\nignore: [notes/]\n");
        r = Cli.run("validate", "--output", "json", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.json().path("summary").path("warnings").asInt()).isEqualTo(1);

        write(".difyops.yaml", "strikt: true\n");
        r = Cli.run("validate", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown setting 'strikt'");

        write(".difyops.yaml", "severity: {no-such-rule: off}\n");
        assertThat(Cli.run("validate", dir.toString()).code()).isEqualTo(2);
    }

    @Test
    void disableTurnsARuleOff() throws Exception {
        write("crd.yaml", Widgets.CRD);
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: neg\nspec:\n  size: -1\n");
        assertThat(Cli.run("validate", dir.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("validate", "--disable", "cel", dir.toString()).code()).isZero();
    }

    @Test
    void skipAndRejectTakeKindOrGroupVersionKind() throws Exception {
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        assertThat(Cli.run("validate", dir.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("validate", "--skip", "Widget", dir.toString()).code()).isZero();
        assertThat(Cli.run("validate", "--skip", "example.com/v1/Widget", dir.toString()).code()).isZero();
        assertThat(Cli.run("validate", "--skip", "example.com/v2/Widget", dir.toString()).code()).isEqualTo(1);
        Cli.Result rejected = Cli.run("validate", "--ignore-missing-schemas", "--reject", "Widget", dir.toString());
        assertThat(rejected.code()).isEqualTo(1);
        assertThat(rejected.out()).contains("[kind-rejected]").contains("prohibited resource kind Widget");
        Cli.Result skipped = Cli.run("validate", "--ignore-missing-schemas", "--output", "json", dir.toString());
        assertThat(skipped.code()).isZero();
        assertThat(skipped.json().path("summary").path("skipped").asInt()).isEqualTo(1);
    }

    @Test
    void outputFileReceivesTheReport() throws Exception {
        write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        Path report = dir.resolve("out/report.sarif");
        Files.createDirectories(report.getParent());
        Cli.Result r = Cli.run("validate", "--output", "sarif", "--output-file", report.toString(), dir.resolve("w.yaml").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(Files.readString(report)).contains("\"version\" : \"2.1.0\"").contains("schema-missing");
    }

    @Test
    void gitignoredFilesAreNotRead() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        write(".gitignore", "generated/\n*.tmp.yaml\n");
        write("generated/bad.yaml", "this: [is not\n");
        write("x.tmp.yaml", "also: [bad\n");
        write("target/out.yaml", "built: [output\n");
        write("ok.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n");
        Cli.Result r = Cli.run("validate", "--ignore-missing-schemas", "--output", "json", dir.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.json().path("summary").path("files").asInt()).isEqualTo(1);
    }

    @Test
    void emptyRepositoryFailsClosed() throws Exception {
        Cli.Result r = Cli.run("validate", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("[no-input]").contains("nothing was validated");
    }

    @Test
    void anXrdInTheTreeValidatesItsCompositeResources() throws Exception {
        write("xrd.yaml", """
                apiVersion: apiextensions.crossplane.io/v2
                kind: CompositeResourceDefinition
                metadata:
                  name: difyenvironments.platform.difyops.io
                spec:
                  group: platform.difyops.io
                  scope: Cluster
                  names: {kind: DifyEnvironment, plural: difyenvironments}
                  versions:
                    - name: v1alpha1
                      served: true
                      referenceable: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              required: [region]
                              properties:
                                region: {type: string}
                                nodeCount: {type: integer, minimum: 3, default: 6}
                """);
        write("env.yaml", "apiVersion: platform.difyops.io/v1alpha1\nkind: DifyEnvironment\nmetadata:\n  name: prod\nspec:\n"
                + "  region: cn-hangzhou\n  nodeCount: 2\n  crossplane:\n    compositionRef: {name: dify-ack}\n");
        Cli.Result r = Cli.run("validate", "--skip", "CompositeResourceDefinition", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("env.yaml:7:3: error [schema] /spec/nodeCount").doesNotContain("/spec/crossplane");
    }

    @Test
    void validatingPartOfARepositoryStillKnowsItsCrds() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        write(".difyops.yaml", "ignore: []\n");
        write("crds/widget.yaml", Widgets.CRD);
        write("apps/w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 30\n");
        Cli.Result r = Cli.run("validate", "--output", "json", dir.resolve("apps").toString());
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.json().path("findings").get(0).path("rule").asString()).isEqualTo("schema");
        assertThat(r.json().path("findings").get(0).path("file").asString()).isEqualTo("apps/w.yaml");
        assertThat(r.json().path("summary").path("files").asInt()).isEqualTo(1);
    }

    @Test
    void outsideADifyopsRepositoryOnlyTheGivenPathsAndTheGenericRulesCount() throws Exception {
        write("crds/widget.yaml", Widgets.CRD);
        write("apps/w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n");
        // A Secret with plain data is this repository's policy (plaintext-secret), not a generic check.
        write("apps/s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n");
        Cli.Result r = Cli.run("validate", "--output", "json", "--skip", "Secret", dir.resolve("apps").toString());
        assertThat(r.json().path("findings").findValuesAsString("rule")).containsExactly("schema-missing");
        Cli.Result whole = Cli.run("validate", "--output", "json", "--skip", "Secret", dir.toString());
        assertThat(whole.code()).as(whole.out()).isZero();
    }
}
