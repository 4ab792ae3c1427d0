package io.difyops.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The gate against a pull request written by an attacker (issue 13): each test names a class of
 * defect, and reproduces it with a real git repository, real files and real kubectl.
 */
class HostileInputsTest {
    private static final String NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n";

    @TempDir
    Path repo;
    Git git;

    @BeforeEach
    void base() throws Exception {
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        Files.writeString(repo.resolve(".difyops.yaml"), "ignoreMissingSchemas: true\nreleaseCatalog: \"off\"\n");
        Files.writeString(repo.resolve("ok.yaml"), NAMESPACE.formatted("ok"));
        commit("base");
        git.checkout().setCreateBranch(true).setName("change").call();
    }

    private void commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private Cli.Result validate(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "validate";
        args[1] = "--output";
        args[2] = "json";
        args[3] = "--base";
        args[4] = "main";
        System.arraycopy(extra, 0, args, 5, extra.length);
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = repo.toString();
        return Cli.run(all);
    }

    private static List<String> rules(Cli.Result r) {
        return r.json().path("findings").findValuesAsString("rule");
    }

    @Test
    void aPullRequestCannotSwitchTheGateOffThroughItsOwnPolicy() throws Exception {
        // the change hides its broken file with ignore: and turns the rule off; the base's policy still applies
        Files.writeString(repo.resolve(".difyops.yaml"), "ignoreMissingSchemas: true\nreleaseCatalog: \"off\"\nignore: [\"*.yaml\"]\n"
                + "severity: {yaml-syntax: off}\n");
        Files.writeString(repo.resolve("bad.yaml"), "apiVersion: v1\nkind: [Namespace\n");
        commit("switch the gate off");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(rules(r)).contains("yaml-syntax", "policy-change");
        JsonNode change = r.json().path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asString().equals("policy-change")).findFirst().orElseThrow();
        assertThat(change.path("file").asString()).isEqualTo(".difyops.yaml");
        assertThat(change.path("severity").asString()).isEqualTo("error");
        // approved: a warning, and still the base's policy
        Cli.Result approved = validate("--allow-policy-change");
        assertThat(approved.code()).isEqualTo(1);
        assertThat(rules(approved)).contains("yaml-syntax");
    }

    @Test
    void aNestedIgnoreFileIsAPolicyChange() throws Exception {
        Files.createDirectories(repo.resolve("apps"));
        Files.writeString(repo.resolve("apps/.gitignore"), "*.yaml\n");
        Files.writeString(repo.resolve("apps/app.yaml"), NAMESPACE.formatted("app"));
        commit("hide apps");
        Files.writeString(repo.resolve("apps/broken.yaml"), "apiVersion: v1\nkind: [Namespace\n");
        commit("hide a broken file");
        Cli.Result r = validate();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("apps/.gitignore differs from the base commit's");
        // what is scanned is decided by the base's ignore files: the hidden file is still read
        assertThat(r.json().path("findings").findValuesAsString("file")).contains("apps/broken.yaml");
    }

    @Test
    void validatingNothingFailsClosed(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("notes.txt"), "no manifests here\n");
        Cli.Result r = Cli.run("validate", empty.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("[no-input]").contains("nothing was validated");
    }

    @Test
    void aReportNeverOverwritesAnInputAndKeepsTheFilesMode(@TempDir Path out) throws Exception {
        Path input = repo.resolve("ok.yaml");
        String before = Files.readString(input);
        Cli.Result r = Cli.run("validate", "--output", "json", "--output-file", input.toString(), repo.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("inside the inputs");
        assertThat(Files.readString(input)).isEqualTo(before);
        Cli.Result missing = Cli.run("validate", "--output-file", out.resolve("no/such/dir/r.txt").toString(), repo.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("the directory").contains("does not exist").doesNotContain(".tmp");
        Path report = out.resolve("r.sarif");
        Files.writeString(report, "old");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-------"));
        assertThat(Cli.run("validate", "--output", "sarif", "--output-file", report.toString(), repo.toString()).code()).isIn(0, 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
    }

    @Test
    void kustomizeMessagesAreShortDeterministicAndNameNoMachinePath() throws Exception {
        Files.createDirectories(repo.resolve("k"));
        Files.writeString(repo.resolve("k/kustomization.yaml"), "resources:\n  - missing.yaml\n");
        Cli.Result a = Cli.run("validate", "--output", "json", repo.resolve("k").toString());
        Cli.Result b = Cli.run("validate", "--output", "json", repo.resolve("k").toString());
        String message = a.json().path("findings").get(0).path("message").asString();
        assertThat(a.json().path("findings").get(0).path("rule").asString()).isEqualTo("kustomize-build");
        assertThat(message).doesNotContainPattern("[IWEF]\\d{4} \\d{2}:\\d{2}:\\d{2}").doesNotContain(repo.toString()).hasSizeLessThan(800);
        assertThat(a.out()).isEqualTo(b.out());
    }

    @Test
    void offlineMeansNoRemoteBaseIsFetched() throws Exception {
        Files.createDirectories(repo.resolve("remote"));
        Files.writeString(repo.resolve("remote/kustomization.yaml"),
                "resources:\n  - https://github.com/example-corp/never/raw/main/x.yaml\n  - ns.yaml\n");
        Files.writeString(repo.resolve("remote/ns.yaml"), NAMESPACE.formatted("remote"));
        Cli.Result r = Cli.run("validate", "--offline", "--output", "json", repo.resolve("remote").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("kustomize-build").contains("remote bases").contains("offline run never fetches");
    }

    @Test
    void aDefinitionOfTheWrongShapeIsAFindingAtItsLineNotACrash(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crd.yaml"), Widgets.crd("example.io", "Widget", "type: object\nrequired: \"spec\"\n"));
        Files.writeString(dir.resolve("xrd.yaml"), """
                apiVersion: apiextensions.crossplane.io/v2
                kind: CompositeResourceDefinition
                metadata: {name: xthings.example.io}
                spec:
                  group: example.io
                  names: {kind: XThing, plural: xthings}
                  versions:
                    - {name: v1, served: true, referenceable: true, schema: {openAPIV3Schema: "not a schema"}}
                """);
        Cli.Result r = Cli.run("validate", "--output", "json", dir.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("internal error");
        List<JsonNode> schema = r.json().path("findings").findParents("rule").stream()
                .filter(f -> f.path("rule").asString().equals("schema")).toList();
        assertThat(schema).extracting(f -> f.path("file").asString() + ":" + f.path("line").asInt())
                .containsExactlyInAnyOrder("crd.yaml:16", "xrd.yaml:8");
        assertThat(schema).allSatisfy(f -> assertThat(f.path("message").asString()).contains("cannot be read").doesNotContain("class "));
        assertThat(schema).extracting(f -> f.path("pointer").asString()).containsExactlyInAnyOrder(
                "/spec/versions/0/schema/openAPIV3Schema/required", "/spec/versions/0/schema/openAPIV3Schema");
    }

    @Test
    void onlyRegularFilesAreRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), NAMESPACE.formatted("ok"));
        Path fifo = dir.resolve("pipe.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        Cli.Result r = Cli.run("validate", "--ignore-missing-schemas", "--output", "json", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("input-unreadable").contains("not a regular file");
        Cli.Result device = Cli.run("validate", "--output", "json", "/dev/zero");
        assertThat(device.code()).isEqualTo(1);
        assertThat(device.out()).contains("not a regular file");
    }

    @Test
    void aFailureOfTheGateStillWritesAWellFormedReport(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.yaml"), NAMESPACE.formatted("ok"));
        Cli.Result r = Cli.run("validate", "--output", "json", "--schema-location", "/proc", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(r.json().path("findings")).hasSize(1);
        assertThat(r.json().path("findings").get(0).path("rule").asString()).isIn("internal-error", "schema-unreachable", "input-unreadable");
    }

    @Test
    void anUncheckedObjectFailsClosedInCi(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "apiVersion: example.io/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\n"
                + "spec:\n  size: not-a-number\n");
        // a schema host that is down (nothing listens on port 1)
        String down = "http://127.0.0.1:1/{{ .ResourceKind }}.json";
        Cli.Result local = Cli.run("validate", "--ci=false", "--output", "json", "--schema-location", down, dir.toString());
        assertThat(local.code()).isZero();
        assertThat(local.out()).contains("schema-unreachable").contains("\"warning\"");
        for (String flag : List.of("--ci", "--strict-schemas")) {
            Cli.Result strict = Cli.run("validate", "--output", "json", flag, "--schema-location", down, dir.toString());
            assertThat(strict.code()).as(flag).isEqualTo(1);
            assertThat(strict.out()).contains("schema-unreachable").contains("\"error\"");
        }
    }
}
