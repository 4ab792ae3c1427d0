package io.difyops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.report.TextWriter;
import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person meets on the command line: the help, the suggestions, the exit policy, colours and completion. */
class CommandLineUxTest {
    @TempDir
    Path dir;

    @Test
    void noCommandListsEveryCommandWithAWholeSentenceEach() {
        Cli.Result r = Cli.run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing a command: one of validate, schemas, env, diff, review, render, status, policy, bump, lock, rules, explain, completion");
        String commands = r.err().substring(r.err().indexOf("Commands:"));
        for (String name : new String[] {"validate", "schemas", "env", "diff", "review", "render", "status", "policy", "bump", "lock", "rules", "explain",
                "completion"}) {
            assertThat(commands).as(name).containsPattern("(?m)^  " + name + " ");
        }
        // each command's entry is one whole sentence: its text (wrapped lines joined) ends with a full stop
        String[] entries = commands.substring(commands.indexOf('\n') + 1).split("\n(?=  \\S)");
        for (String entry : entries) {
            String text = entry.replaceAll("\\s+", " ").trim();
            assertThat(text).as(text).endsWith(".");
        }
    }

    @Test
    void lockHelpShowsTheUsageInsteadOfAskingForTheChartVersion() {
        Cli.Result r = Cli.run("lock", "--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: difyops lock", "--version=VERSION", "-h, --help");
        assertThat(r.err()).doesNotContain("Missing required option");
    }

    @Test
    void explainSuggestsTheNearestRuleId() {
        Cli.Result r = Cli.run("explain", "version-skp");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown rule 'version-skp'; did you mean 'version-skip'?");
        assertThat(Cli.run("explain", "zzzzzzzzzzzzzzzzzzzz").err()).doesNotContain("did you mean");
        assertThat(ExplainCommand.nearest("Plaintext-Secrets")).isEqualTo("plaintext-secret");
    }

    @Test
    void completionScriptCompletesEveryCommandAndOption() {
        Cli.Result r = Cli.run("completion");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("complete -F _complete_difyops", "status", "validate", "--fail-on", "--kubeconfig");
    }

    private Path widgetWithAWarning() throws Exception {
        Files.writeString(dir.resolve("crd.yaml"), Widgets.CRD);
        Files.writeString(dir.resolve(".difyops.yaml"), "severity:\n  schema: warning\n");
        Files.writeString(dir.resolve("w.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 30\n");
        return dir;
    }

    @Test
    void failOnWarningFailsARunWithWarningsOnly() throws Exception {
        Path repo = widgetWithAWarning();
        Cli.Result byDefault = Cli.run("validate", "--ci=false", repo.toString());
        assertThat(byDefault.out()).contains("warning [schema]");
        assertThat(byDefault.code()).isZero();
        assertThat(Cli.run("validate", "--ci=false", "--fail-on", "warning", repo.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("validate", "--ci=false", "--fail-on", "error", repo.toString()).code()).isZero();
        Cli.Result bad = Cli.run("validate", "--ci=false", "--fail-on", "note", repo.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--fail-on takes error or warning");
    }

    @Test
    void coloursOnATerminalUnlessNoColorOrADumbTerminal() throws Exception {
        assertThat(TextWriter.colours("auto", true, Map.of())).isTrue();
        assertThat(TextWriter.colours("auto", false, Map.of())).isFalse();
        assertThat(TextWriter.colours("auto", true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(TextWriter.colours("auto", true, Map.of("NO_COLOR", ""))).isTrue(); // no-color.org: set and not empty
        assertThat(TextWriter.colours("auto", true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(TextWriter.colours("always", false, Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(TextWriter.colours("never", true, Map.of())).isFalse();

        Path repo = widgetWithAWarning();
        Cli.Result always = Cli.run("validate", "--ci=false", "--color", "always", repo.toString());
        assertThat(always.out()).contains("\u001b[33mwarning\u001b[0m", "\u001b[2m[schema]\u001b[0m");
        Cli.Result piped = Cli.run("validate", "--ci=false", repo.toString()); // tests have no terminal: auto is plain
        assertThat(piped.out()).doesNotContain("\u001b[");
        Cli.Result json = Cli.run("validate", "--ci=false", "--color", "always", "--output", "json", repo.toString());
        assertThat(json.out()).doesNotContain("\u001b[");
    }
}
