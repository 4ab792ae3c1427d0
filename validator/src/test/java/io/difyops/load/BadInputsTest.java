package io.difyops.load;

import io.difyops.diag.Position;
import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Hostile and broken input: each gives a finding or a clear error, never a stack trace. The
 * timeouts guard against hangs; they are not performance measurements (see the benchmark).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BadInputsTest {
    @TempDir
    Path repo;

    private JsonNode findingFor(String name, String text) throws Exception {
        Files.writeString(repo.resolve(name), text);
        return only(validate());
    }

    private Cli.Result validate() {
        Cli.Result r = Cli.run("validate", "--ignore-missing-schemas", "--output", "json", repo.toString());
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
        return r;
    }

    private static JsonNode only(Cli.Result r) {
        JsonNode findings = r.json().path("findings");
        assertThat(findings.size()).as(r.out()).isGreaterThanOrEqualTo(1);
        return findings.get(0);
    }

    @Test
    void truncatedYaml() throws Exception {
        JsonNode f = findingFor("t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"unterminated\n");
        assertThat(f.path("rule").asString()).isEqualTo("yaml-syntax");
        assertThat(f.path("file").asString()).isEqualTo("t.yaml");
        assertThat(f.path("line").asInt()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void tabsForIndentation() throws Exception {
        JsonNode f = findingFor("tabs.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n");
        assertThat(f.path("rule").asString()).isEqualTo("yaml-syntax");
        assertThat(f.path("line").asInt()).isEqualTo(4);
    }

    @Test
    void duplicateKeys() throws Exception {
        JsonNode f = findingFor("dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n");
        assertThat(f.path("rule").asString()).isEqualTo("yaml-duplicate-key");
        assertThat(f.path("line").asInt()).isEqualTo(5);
        assertThat(f.path("column").asInt()).isEqualTo(3);
        assertThat(f.path("pointer").asString()).isEqualTo("/metadata/name");
        assertThat(f.path("resource").asString()).isEqualTo("v1/ConfigMap y");
    }

    @Test
    void aliasBomb() throws Exception {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        JsonNode f = findingFor("bomb.yaml", sb.toString());
        assertThat(f.path("rule").asString()).isEqualTo("input-limit");
        assertThat(f.path("message").asString()).contains("alias bomb");
    }

    @Test
    void tenThousandLevelsOfNesting() throws Exception {
        String flow = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        JsonNode f = findingFor("deep.yaml", flow);
        assertThat(f.path("rule").asString()).isEqualTo("input-limit");
        assertThat(f.path("message").asString()).contains("nesting");

        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            block.append(" ".repeat(i)).append("k").append(":\n");
        }
        Files.delete(repo.resolve("deep.yaml"));
        JsonNode g = findingFor("deep-block.yaml", block.toString());
        assertThat(g.path("rule").asString()).isEqualTo("input-limit");
    }

    @Test
    void fiftyMegabyteFile() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(repo.resolve("huge.yaml").toFile(), "rw")) {
            f.setLength(50L * 1024 * 1024);
        }
        JsonNode f = only(validate());
        assertThat(f.path("rule").asString()).isEqualTo("input-limit");
        assertThat(f.path("message").asString()).contains("50 MiB");
    }

    @Test
    void binaryFile() throws Exception {
        Files.write(repo.resolve("blob.yaml"), new byte[] {'a', ':', ' ', 0, 1, 2, (byte) 0xff});
        JsonNode f = only(validate());
        assertThat(f.path("rule").asString()).isEqualTo("input-unreadable");
        assertThat(f.path("message").asString()).contains("binary");
    }

    @Test
    void nonUtf8Text() throws Exception {
        Files.write(repo.resolve("latin1.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        JsonNode f = only(validate());
        assertThat(f.path("rule").asString()).isEqualTo("input-unreadable");
        assertThat(f.path("message").asString()).contains("UTF-8");
        assertThat(f.path("line").asInt()).isEqualTo(4);
    }

    @Test
    void symlinkOutsideTheRepository(@TempDir Path outside) throws Exception {
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(outside.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
        Files.createSymbolicLink(repo.resolve("link.yaml"), outside.resolve("secret.yaml"));
        Files.createSymbolicLink(repo.resolve("linkdir"), outside);
        Cli.Result r = validate();
        assertThat(r.json().path("findings").findValuesAsString("rule")).containsOnly("input-unreadable");
        assertThat(r.out()).contains("outside the repository");
        assertThat(r.json().path("summary").path("resources").asInt()).isZero();
    }

    @Test
    void emptyRepository() throws Exception {
        JsonNode f = only(validate());
        assertThat(f.path("rule").asString()).isEqualTo("no-input");
    }

    @Test
    void documentsThatAreNotObjects() throws Exception {
        JsonNode f = findingFor("list.yaml", "- a\n- b\n");
        assertThat(f.path("rule").asString()).isEqualTo("resource-identity");
    }

    @Test
    void jsonInputIsReadWithPositions() throws Exception {
        Files.writeString(repo.resolve("ns.json"), "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Namespace\",\n  \"metadata\": {\"name\": \"Bad_Name\"}\n}\n");
        JsonNode f = only(validate());
        assertThat(f.path("rule").asString()).isEqualTo("metadata-name");
        assertThat(f.path("line").asInt()).isEqualTo(4);
    }

    @Test
    void mergeKeysAnchorsAndScalarTypesAreResolved() {
        io.difyops.diag.Findings out = new io.difyops.diag.Findings();
        var docs = new YamlReader(Limits.DEFAULT, true).read("x.yaml",
                "base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\nn: ~\no: 0o17\nh: 0x1F\nt: True\ns: yes\nf: 1.5\nq: '10'\n", out);
        assertThat(out.list()).isEmpty();
        JsonNode d = docs.get(0).root();
        assertThat(d.path("m").path("a").asInt()).isEqualTo(1);
        assertThat(d.path("m").path("b").asInt()).isEqualTo(3);
        assertThat(d.path("n").isNull()).isTrue();
        assertThat(d.path("o").asInt()).isEqualTo(15);
        assertThat(d.path("h").asInt()).isEqualTo(31);
        assertThat(d.path("t").isBoolean()).isTrue();
        assertThat(d.path("s").isString()).isTrue();
        assertThat(d.path("f").isDouble()).isTrue();
        assertThat(d.path("q").isString()).isTrue();
        assertThat(docs.get(0).map().find("/m/b")).isEqualTo(new Position(4, 3));
        assertThat(docs.get(0).map().find("/m/a")).isEqualTo(new Position(2, 1));
    }
}
