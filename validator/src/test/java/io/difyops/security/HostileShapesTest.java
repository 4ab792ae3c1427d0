package io.difyops.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Inputs of odd but possible shapes, sizes and costs (issue 13): each is a finding at its line, in
 * bounded time, never a crash, and no message quotes a secret. The timeouts guard against hangs; they
 * measure nothing (the benchmark does).
 */
class HostileShapesTest {
    @TempDir
    Path dir;

    private static final String CRD_HEAD = Widgets.crd("example.io", "Gadget", """
            type: object
            properties:
              spec:
                type: object
            """);

    private Cli.Result validate(Path in, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("validate", "--ci=false", "--offline", "--output", "json"));
        args.addAll(List.of(extra));
        args.add(in.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<String> rules(Cli.Result r) {
        return r.json().path("findings").findValuesAsString("rule");
    }

    private static void noCrash(Cli.Result r) {
        assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(rules(r)).doesNotContain("internal-error");
    }

    @Test
    void aNullableIntOrStringWithAlternativesAndAHugeIntegerAreFindingsNotCrashes() throws Exception {
        String digits = "1234567890".repeat(30) + "123456789";
        Files.writeString(dir.resolve("g.yaml"), CRD_HEAD + """
                              properties:
                                port:
                                  x-kubernetes-int-or-string: true
                                  nullable: true
                                  oneOf: [{type: integer}, {type: string}]
                                n:
                                  type: integer
                                  x-kubernetes-validations: [{rule: "self > 0"}]
                ---
                apiVersion: example.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {port: null, n: %s}
                ---
                apiVersion: example.io/v1
                kind: Gadget
                metadata: {name: h, namespace: default}
                spec: {port: 8080, n: 1}
                """.formatted(digits));
        Cli.Result r = validate(dir);
        noCrash(r);
        assertThat(r.code()).isEqualTo(1);
        JsonNode f = r.json().path("findings").get(0);
        assertThat(f.path("rule").asString()).isEqualTo("cel");
        assertThat(f.path("resource").asString()).endsWith("default/g");
        assertThat(f.path("message").asString()).contains("309 digits").doesNotContain(digits.substring(0, 40));
        assertThat(r.json().path("summary").path("checked").asInt()).isEqualTo(2); // the CRD and h; null is allowed
    }

    @Test
    void aWrongShapeIsAFindingAtItsPointer() throws Exception {
        Files.writeString(dir.resolve("crd.yaml"), CRD_HEAD.replace("type: object\n                  properties:\n", "")
                .replace("        spec:\n              type: object\n", "") + "          properties: \"oops\"\n");
        Cli.Result r = validate(dir);
        noCrash(r);
        assertThat(r.out()).contains("must be a mapping").contains("the API server refuses it");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void celRulesStopAtKubernetesCostLimits() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            items.append("    - ").append(i).append('\n');
        }
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            more.append("    - ").append(i).append('\n');
        }
        StringBuilder manyRules = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            manyRules.append("                                - rule: \"self.all(a, self.all(b, a + b + ").append(i).append(" >= 0))\"\n");
        }
        Files.writeString(dir.resolve("loop.yaml"), CRD_HEAD + """
                              properties:
                                xs:
                                  type: array
                                  items: {type: integer}
                                  x-kubernetes-validations:
                                    - rule: "self.all(a, self.all(b, self.all(c, self.all(d, a + b + c + d >= 0))))"
                                ys:
                                  type: array
                                  items: {type: integer}
                                  x-kubernetes-validations:
                %s---
                apiVersion: example.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec:
                  xs:
                %s  ys:
                %s""".formatted(manyRules, items, more));
        Cli.Result r = validate(dir);
        noCrash(r);
        List<String> messages = r.json().path("findings").findValuesAsString("message");
        // the nested rule breaks the per-call limit; forty 62,500-step rules together break the per-object budget
        assertThat(messages).anyMatch(m -> m.contains("exceeded Kubernetes' CEL cost limit of 1000000 per evaluation"));
        assertThat(messages).anyMatch(m -> m.contains("exhausted Kubernetes' CEL cost budget of 10000000 per object"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBacktrackingPatternEndsAndFailsClosed() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), CRD_HEAD + """
                              properties:
                                name: {type: string, pattern: "^(a+)+$"}
                ---
                apiVersion: example.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {name: %s!}
                """.formatted("a".repeat(40)));
        Cli.Result r = validate(dir);
        noCrash(r);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.json().path("findings").get(0).path("pointer").asString()).isEqualTo("/spec/name");
    }

    @Test
    void aRefResolvesOnlyInsideTheSchemaSet() throws Exception {
        Path outside = Files.createTempFile("outside", ".json");
        Files.writeString(outside, "top-secret-token");
        try {
            Files.writeString(dir.resolve("ref.yaml"), CRD_HEAD.replace("        spec:\n              type: object\n",
                    "        spec:\n              $ref: \"" + outside.toUri() + "\"\n") + """
                    ---
                    apiVersion: example.io/v1
                    kind: Gadget
                    metadata: {name: g, namespace: default}
                    spec: {a: 1}
                    """);
            Cli.Result r = validate(dir);
            noCrash(r);
            assertThat(r.out()).contains("resolves only inside the schema set").doesNotContain("top-secret-token");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sizeCostsLinearTimeAndTheReportStaysProportionalToTheMistakes() throws Exception {
        Files.writeString(dir.resolve("big.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\n"
                + "data:\n  k: " + "a".repeat(10_000_000) + "\n");
        StringBuilder dups = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            dups.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c").append(i)
                    .append("\n  namespace: default\ndata:\n  a: x\n  a: y\n");
        }
        Files.writeString(dir.resolve("dups.yaml"), dups);
        Cli.Result r = validate(dir, "--ignore-missing-schemas");
        noCrash(r);
        List<JsonNode> dup = r.json().path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asString().equals("yaml-duplicate-key")).toList();
        assertThat(dup).hasSize(1001); // a thousand, then one that counts the rest
        assertThat(dup.get(1000).path("message").asString()).contains("19,000 more error findings of rule yaml-duplicate-key");
        assertThat(dup.get(0).path("resource").asString()).isEqualTo("v1/ConfigMap default/c0");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aKustomizationWhoseInputTheReaderRefusedIsNotRendered() throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - bomb.yaml\n  - deep.yaml\n");
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\na0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(",", java.util.Collections.nCopies(10, "*a" + (i - 1))))
                    .append("]\n");
        }
        Files.writeString(dir.resolve("bomb.yaml"), bomb);
        Files.writeString(dir.resolve("deep.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: " + "{a: ".repeat(5000)
                + "1" + "}".repeat(5000) + "\n");
        Cli.Result r = validate(dir, "--ignore-missing-schemas");
        noCrash(r);
        assertThat(rules(r)).contains("input-limit", "kustomize-build");
        assertThat(r.out()).contains("was refused by the reader").doesNotContain("goroutine");
    }

    @Test
    void noMessageQuotesASecret() throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: default}
                data:
                  password: !!int S3cretValue
                """);
        Files.createDirectories(dir.resolve("k"));
        Files.writeString(dir.resolve("k/kustomization.yaml"), """
                secretGenerator:
                  - name: s
                    literals:
                      - "broken literal HunterThree3"
                """);
        Files.writeString(dir.resolve("secret.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: default}
                data:
                  token: not base64 at all!
                """);
        Cli.Result r = validate(dir, "--ignore-missing-schemas");
        noCrash(r);
        assertThat(r.out()).doesNotContain("S3cretValue").doesNotContain("HunterThree3").doesNotContain("not base64 at all")
                .contains("tagged !!int").contains("kustomize-build");
    }

    @Test
    void aLinkedWorktreeFindsItsBase(@TempDir Path linked) throws Exception {
        Path main = dir.resolve("main");
        try (Git git = Git.init().setDirectory(main.toFile()).setInitialBranch("main").call()) {
            Files.writeString(main.resolve(".difyops.yaml"), "ignoreMissingSchemas: true\nreleaseCatalog: \"off\"\n");
            Files.writeString(main.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
            git.add().addFilepattern(".").call();
            var head = git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
            // what `git worktree add ../linked -b feature` writes: a .git file, and a folder in the main repository's worktrees/
            Path admin = main.resolve(".git/worktrees/linked");
            Files.createDirectories(admin);
            Files.writeString(admin.resolve("HEAD"), "ref: refs/heads/feature\n");
            Files.writeString(admin.resolve("commondir"), "../..\n");
            Files.writeString(admin.resolve("gitdir"), linked.resolve(".git") + "\n");
            git.branchCreate().setName("feature").setStartPoint(head).call();
            Files.writeString(linked.resolve(".git"), "gitdir: " + admin + "\n");
            Files.copy(main.resolve(".difyops.yaml"), linked.resolve(".difyops.yaml"));
            Files.writeString(linked.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n");
        }
        Cli.Result r = validate(linked, "--base", "main");
        noCrash(r);
        assertThat(r.err()).doesNotContain("repository not found");
        assertThat(rules(r)).doesNotContain("base-missing");
        Cli.Result diff = Cli.run("diff", "-C", linked.toString(), "--base", "main");
        assertThat(diff.code()).as(diff.err()).isZero();
    }
}
