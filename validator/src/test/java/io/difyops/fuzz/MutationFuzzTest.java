package io.difyops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.load.Json;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * A mutation fuzzer over this repository's own manifests (issue 13): each try takes one of its files,
 * applies a few mutations that hostile or broken pull requests produce (flipped bytes, YAML tokens
 * inserted, aliases, tags, deep nesting, huge numbers, control characters, cut or repeated text), and
 * validates it. Whatever the input: exit code 0, 1 or 2, no stack trace, a well-formed JSON report,
 * and an end (a hang guard of 30 s per try, which measures nothing).
 *
 * <p>1,000 tries in {@code mvn verify} and CI ({@code jqwik.tries.default} in junit-platform.properties);
 * the benchmark runs 10,000 ({@code -Djqwik.tries.default=10000}).
 */
class MutationFuzzTest {
    private static final List<String> TOKENS = List.of("&a ", "*a", "<<: *a", "!!int ", "!!bool ", "!!binary ", "!!str ", "{", "}", "[", "]",
            "---\n", "...\n", ": ", "- ", "? ", "|\n", ">-\n", "\"", "'", "\\", "#", "%YAML 1.1\n", "!<tag:x>", "~", "null", "\t", "\u0000",
            "\u0007", "\u202e", "\ufeff", "\ud83d\ude00", "99999999999.0.0", "1".repeat(309), "-0x1F", ".inf", "1e400", "${VAR}",
            "ENC[AES256_GCM,data:x]", "file:///etc/passwd", "https://127.0.0.1:1/x", "../../../../etc/passwd", "$ref: ",
            "x-kubernetes-validations: [{rule: \"self.all(a, self.all(b, true))\"}]\n", "apiVersion: v1\nkind: Secret\n");

    private static List<Corpus> corpus;
    private static Path work;

    record Corpus(String relPath, String text) {
    }

    record Mutation(int kind, double at, double span, int token, int repeat) {
    }

    @BeforeContainer
    static void read() throws IOException {
        corpus = new ArrayList<>();
        Path root = Repo.root();
        for (String dir : List.of("clusters", "charts-values", "crossplane")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList()) {
                    corpus.add(new Corpus(root.relativize(p).toString(), Files.readString(p)));
                }
            }
        }
        work = Files.createTempDirectory("difyops-fuzz");
    }

    @AfterContainer
    static void clean() throws IOException {
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, TOKENS.size() - 1),
                Arbitraries.integers().between(1, 2000)).as(Mutation::new);
    }

    static String apply(String text, Mutation m) {
        int at = (int) (m.at() * text.length());
        int end = Math.min(text.length(), at + (int) (m.span() * 200));
        String token = TOKENS.get(m.token());
        return switch (m.kind()) {
            case 0 -> text.substring(0, at) + token + text.substring(at);                        // insert a token
            case 1 -> text.substring(0, at) + text.substring(end);                               // delete a range
            case 2 -> at < text.length() ? text.substring(0, at) + (char) (m.repeat() % 128) + text.substring(Math.min(text.length(), at + 1))
                    : text;                                                                      // replace one character
            case 3 -> text.substring(0, at) + text.substring(at, end).repeat(Math.min(m.repeat(), 200)) + text.substring(end); // repeat
            case 4 -> text.substring(0, at);                                                     // truncate
            case 5 -> text.substring(0, at) + "{a: ".repeat(m.repeat()) + "1" + "}".repeat(m.repeat()) + text.substring(at); // nesting
            case 6 -> text.substring(0, at) + "\n" + "  ".repeat(m.repeat() % 40) + token + text.substring(at);  // a token on a new line
            default -> text.replace("  ", m.repeat() % 2 == 0 ? "\t" : "   ");                   // indentation broken
        };
    }

    @Property
    void anyMutationOfARepositoryFileEndsWellFormed(@ForAll("file") int file, @ForAll("mutations") List<Mutation> mutations) throws Exception {
        Corpus c = corpus.get(file % corpus.size());
        String text = c.text();
        for (Mutation m : mutations) {
            text = apply(text, m);
        }
        Path dir = Files.createTempDirectory(work, "try");
        Path target = dir.resolve(c.relPath());
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
        long started = System.nanoTime();
        Cli.Result r = Cli.run("validate", "--ci=false", "--offline", "--output", "json", target.toString());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(seconds).as("a try must end (hang guard)").isLessThan(30);
        assertThat(r.code()).as(r.err()).isIn(0, 1, 2);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
        if (r.code() != 2 || !r.out().isBlank()) {
            JsonNode report = Json.parse(r.out());
            assertThat(report.path("findings").isArray()).isTrue();
            assertThat(report.path("findings").findValuesAsString("rule")).as(r.out()).doesNotContain("internal-error");
        }
    }

    @Provide
    Arbitrary<Integer> file() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }
}
