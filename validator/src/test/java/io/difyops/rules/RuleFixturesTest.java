package io.difyops.rules;

import io.difyops.diag.Rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Error Prone-style rule tests. Each folder under {@code src/test/resources/rules/} is a small
 * repository for one rule; the expected findings are written inline:
 *
 * <pre>
 * # expect: schema          (a finding of rule "schema" on the next line that is not a comment)
 * size: "3"  # expect: schema   (a finding on this very line)
 * </pre>
 *
 * The harness validates the folder and checks that findings appear exactly where the comments say,
 * and nowhere else. Folders that use {@code kind: Widget} get {@code widget-crd.yaml} beside them,
 * folders with a DifyEnvironment the repository's XRD. A folder with a {@code base/} subfolder is
 * a real git repository: {@code base/} is committed on main, the rest of the folder is committed on
 * a branch over it, and the run compares that branch with main.
 */
class RuleFixturesTest {
    /** {@code # expect: rule[, rule…]} or {@code # expect: rule: text the message must contain}. */
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*([a-z0-9, -]+?)(?::\\s*(.+?))?\\s*$");
    /** Rules whose inputs cannot carry comments (binary, empty, oversized); tested in BadInputsTest. */
    private static final Set<String> TESTED_ELSEWHERE = Set.of("input-limit", "input-unreadable", "no-input",
            "base-missing" /* needs a shallow clone: UpgradeGateTest */,
            "policy-change" /* needs a base commit whose .difyops.yaml differs: security/HostileInputsTest */,
            "internal-error" /* a failure of the gate, not of an input: security/HostileInputsTest */,
            "bump-unfinished" /* a journal a stopped bump leaves: upgrade/AtomicFileSetTest */);

    @TempDir
    Path tmp;

    static Path fixtures() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(RuleFixturesTest.class.getResource("/rules/widget-crd.yaml")).toURI()).getParent();
    }

    /** A message text expected of the finding of {@code rule} at {@code file:line}. */
    record ExpectedText(String file, int line, String rule, String text) {
    }

    record Expected(String file, int line, String rule) implements Comparable<Expected> {
        @Override
        public int compareTo(Expected o) {
            return (file + ":" + String.format("%05d", line) + rule).compareTo(o.file + ":" + String.format("%05d", o.line) + o.rule);
        }

        @Override
        public String toString() {
            return file + ":" + line + " " + rule;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureFolder() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(fixtures())) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runFolder(dir)));
            }
        }
        return tests.stream();
    }

    @Test
    void everyRuleHasAFixtureFolder() throws Exception {
        for (Rule r : Rules.all()) {
            String id = r.info().id();
            if (!TESTED_ELSEWHERE.contains(id)) {
                assertThat(fixtures().resolve(id)).as("fixture folder for rule " + id).isDirectory();
            }
        }
    }

    private void runFolder(Path dir) throws Exception {
        Path work = tmp.resolve(dir.getFileName().toString());
        boolean withBase = Files.isDirectory(dir.resolve("base"));
        if (withBase) {
            // A base/ folder is the main branch; the rest of the folder is the change on top of it.
            io.difyops.testing.Repo.copy(dir.resolve("base"), work);
            try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
                git.add().addFilepattern(".").call();
                git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
                git.checkout().setCreateBranch(true).setName("change").call();
            }
        }
        List<Path> yamls = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = dir.relativize(p);
                if (withBase && rel.startsWith("base")) {
                    continue;
                }
                // a fixture's .gitignore is kept as dot-gitignore: committed as .gitignore, git would apply it to the
                // fixture's own files and leave them out of every clone
                Path target = work.resolve(rel.toString().replaceAll("(^|/)dot-gitignore$", "$1.gitignore"));
                Files.createDirectories(target.getParent());
                Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                if ((p.toString().endsWith(".yaml") && !p.endsWith(".difyops.yaml") || target.endsWith(".gitignore")) && !yamls.contains(target)) {
                    yamls.add(target);   // .gitignore: its comments carry expectations too
                }
            }
        }
        boolean widgets = false;
        for (Path p : yamls) {
            widgets |= Files.readString(p).contains("kind: Widget");
        }
        if (widgets) {
            Files.copy(fixtures().resolve("widget-crd.yaml"), work.resolve("widget-crd.yaml"));
        }
        boolean environments = false;
        for (Path p : yamls) {
            environments |= Files.readString(p).contains("kind: DifyEnvironment");
        }
        if (environments) {
            // the repository's own XRD: its schema, defaults and CEL rules
            Files.copy(io.difyops.testing.Repo.root().resolve("crossplane/platform/xrd-difyenvironment.yaml"), work.resolve("xrd.yaml"));
        }
        if (withBase) {
            try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(work.toFile())) {
                git.add().addFilepattern(".").call();
                git.commit().setMessage("the change").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
            }
        }
        List<Expected> expected = new ArrayList<>();
        List<ExpectedText> texts = new ArrayList<>();
        for (Path p : yamls) {
            expected.addAll(expectations(work.relativize(p).toString().replace('\\', '/'), Files.readAllLines(p), texts));
        }
        Cli.Result r = withBase ? Cli.run("validate", "--output", "json", "--offline", "--base", "main", work.toString())
                : Cli.run("validate", "--output", "json", work.toString());
        assertThat(r.code()).as(r.err()).isIn(0, 1);
        List<Expected> actual = new ArrayList<>();
        for (JsonNode f : r.json().path("findings")) {
            actual.add(new Expected(f.path("file").asString(), f.path("line").asInt(), f.path("rule").asString()));
        }
        expected.sort(null);
        actual.sort(null);
        assertThat(actual).as("findings of " + dir.getFileName() + "\n" + r.out()).containsExactlyElementsOf(expected);
        for (ExpectedText t : texts) {
            List<String> messages = new ArrayList<>();
            for (JsonNode f : r.json().path("findings")) {
                if (f.path("file").asString().equals(t.file()) && f.path("line").asInt() == t.line() && f.path("rule").asString().equals(t.rule())) {
                    messages.add(f.path("message").asString());
                }
            }
            assertThat(messages).as(t.file() + ":" + t.line() + " " + t.rule()).anySatisfy(m -> assertThat(m).contains(t.text()));
        }
    }

    static List<Expected> expectations(String file, List<String> lines, List<ExpectedText> texts) {
        List<Expected> out = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String[]> pendingTexts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            Matcher m = EXPECT.matcher(line);
            boolean commentOnly = trimmed.startsWith("#");
            if (m.find()) {
                List<String> rules = Stream.of(m.group(1).split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
                // "# expect: ..." alone on its line means the next line that is not a comment; after other
                // text (even a comment such as "# Flux Version: v2.8.1  # expect: ..."), this very line
                if (commentOnly && m.start() == line.indexOf('#')) {
                    pending.addAll(rules);
                    if (m.group(2) != null) {
                        pendingTexts.add(new String[] {rules.get(0), m.group(2)});
                    }
                    continue;
                }
                for (String rule : rules) {
                    out.add(new Expected(file, i + 1, rule));
                }
                if (m.group(2) != null) {
                    texts.add(new ExpectedText(file, i + 1, rules.get(0), m.group(2)));
                }
            }
            if (trimmed.isEmpty() || commentOnly) {
                continue;
            }
            for (String rule : pending) {
                out.add(new Expected(file, i + 1, rule));
            }
            for (String[] t : pendingTexts) {
                texts.add(new ExpectedText(file, i + 1, t[0], t[1]));
            }
            pending.clear();
            pendingTexts.clear();
        }
        return out;
    }
}
