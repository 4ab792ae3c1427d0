package io.difyops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validate whose inputs did not change answers from disk (issue 14), through the real entry point in
 * its own JVM: the same output and exit code, and any change to a file, git's refs or the arguments
 * asks again.
 */
class RunCacheTest {
    @TempDir
    Path repo;
    @TempDir
    Path cache;

    private record Run(int code, String out) {
    }

    private Run validate(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("validate", "--ci=false"));
        args.addAll(List.of(extra));
        return difyops(args.toArray(String[]::new));
    }

    private Run difyops(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.difyops.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().remove("DIFYOPS_NO_CACHE");
        pb.environment().remove("DIFYOPS_TIMINGS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private long entries() throws Exception {
        try (var s = Files.list(Files.createDirectories(cache.resolve("difyops/runs")))) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void anUnchangedRunIsReplayedAndAnyChangeAsksAgain() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve(".difyops.yaml"), "offline: true\nignoreMissingSchemas: true\nreleaseCatalog: \"off\"\n");
            Files.writeString(repo.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        Run first = validate();
        assertThat(first.code()).as(first.out()).isZero();
        assertThat(entries()).isEqualTo(1);
        Run again = validate();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.code()).isZero();
        assertThat(entries()).isEqualTo(1); // answered from the entry, nothing new written

        // a changed file: asked again, and the answer changes
        Files.writeString(repo.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [a\n");
        Run broken = validate();
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.out()).contains("yaml-syntax");
        assertThat(entries()).isEqualTo(2);

        // other arguments: another entry
        validate("--output", "json");
        assertThat(entries()).isEqualTo(3);

        // a run that may use the network, or writes a file, is never kept
        Files.writeString(repo.resolve(".difyops.yaml"), "ignoreMissingSchemas: true\nreleaseCatalog: \"off\"\n");
        validate();
        validate("--offline", "--output-file", repo.resolve("..").resolve(repo.getFileName() + "-report.txt").toString());
        assertThat(entries()).isEqualTo(3);
        Files.deleteIfExists(repo.resolve("..").resolve(repo.getFileName() + "-report.txt"));
    }

    @Test
    void helpIsAnsweredFromDiskOnceWrittenAndOnlyHelpIs() throws Exception {
        Run first = difyops("--help");
        assertThat(first.code()).isZero();
        assertThat(first.out()).contains("validate", "bump", "explain");
        assertThat(entries()).isEqualTo(1);
        Run again = difyops("--help");
        assertThat(again).isEqualTo(first);
        assertThat(entries()).isEqualTo(1);

        Run lockHelp = difyops("schemas", "lock", "--help");
        assertThat(lockHelp.out()).contains("Usage: difyops schemas lock");
        assertThat(difyops("schemas", "lock", "--help")).isEqualTo(lockHelp);
        assertThat(entries()).isEqualTo(2);

        // a command that does work is not a help answer
        assertThat(RunCache.asksForHelp(new String[] {"rules"})).isFalse();
        assertThat(RunCache.asksForHelp(new String[] {"validate", "--offline", "--help"})).isFalse();
        assertThat(RunCache.asksForHelp(new String[] {"help", "validate"})).isTrue();
        assertThat(RunCache.asksForHelp(new String[] {})).isTrue();
    }
}
