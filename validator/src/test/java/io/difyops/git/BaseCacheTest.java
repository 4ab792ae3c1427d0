package io.difyops.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run learns about its base from git is kept for the next run with the same git state (issue 14:
 * a warm run opens no repository). On a copy of this repository (real git, jgit): a reused entry gives the
 * report a run without it gives; a changed work tree, a new commit or a damaged entry go to git again.
 */
class BaseCacheTest {
    static final String STAGING_HR = "clusters/staging/release.yaml";

    @TempDir
    Path tmp;
    Path repo;
    Git git;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        for (String dir : List.of("clusters", "charts-values", "crossplane", "schemas")) {
            Repo.copy(Repo.root().resolve(dir), repo.resolve(dir));
        }
        Files.copy(Repo.root().resolve(".difyops.yaml"), repo.resolve(".difyops.yaml"));
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        commit("the repository as it is");
        replace(STAGING_HR, "version: \"3.7.3\"", "version: \"3.7.4\"");
        commit("staging: dify 3.7.4 (its previous version is 3.7.3)");
    }

    @AfterEach
    void tearDown() {
        if (git != null) {
            git.close();
        }
    }

    private void commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private void replace(String file, String from, String to) throws Exception {
        Path p = repo.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    private Cli.Result validate(Path cache) {
        return Cli.run("validate", "--ci=false", "--output", "json", "--cache-dir", cache.toString(), repo.toString());
    }

    private List<Path> entries(Path cache) throws Exception {
        Path dir = cache.resolve("bases");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void anEntryIsReusedForTheSameGitStateAndGivesTheSameReport() throws Exception {
        Path cache = tmp.resolve("cache");
        Cli.Result first = validate(cache);
        // 3.7.4 without its lock: errors, the same ones every time
        assertThat(first.out()).contains("\"rule\" : \"chart-lock\"");
        List<Path> made = entries(cache);
        assertThat(made).hasSize(1); // the policy's base and the run's are one (the policy names no other baseBranch)
        String recorded = Files.readString(made.get(0));
        assertThat(recorded).contains("\"headIsBase\":true", "\"policy\":", "\"tree\":", "clusters/staging/release.yaml|ack-dify\":\"3.7.3\"");
        Map<Path, Object> times = new java.util.HashMap<>();
        for (Path p : made) {
            times.put(p, Files.getLastModifiedTime(p));
        }

        Cli.Result again = validate(cache);
        assertThat(again.out()).isEqualTo(first.out());
        for (Path p : made) {
            assertThat(Files.getLastModifiedTime(p)).as("answered from the entry, which was not written again").isEqualTo(times.get(p));
        }
        assertThat(validate(tmp.resolve("fresh")).out()).isEqualTo(first.out());
    }

    @Test
    void aChangedWorkTreeIsReadFromGitAndTheBaseIsStillTheCommit() throws Exception {
        Path cache = tmp.resolve("cache");
        Cli.Result clean = validate(cache);
        assertThat(clean.out()).doesNotContain("would restore");
        // not committed: the base (HEAD) differs from the work tree, so the entry's tree does not match
        replace(STAGING_HR, "version: \"3.7.4\"", "version: \"3.6.2\"");
        Cli.Result changed = validate(cache);
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains("3.7.4 → 3.6.2", "would restore 3.7.3");
        assertThat(changed.out()).isEqualTo(validate(tmp.resolve("fresh")).out());
    }

    @Test
    void aNewCommitIsANewEntryAndADamagedEntryIsIgnored() throws Exception {
        Path cache = tmp.resolve("cache");
        Cli.Result first = validate(cache);
        List<Path> before = entries(cache);
        for (Path p : before) {
            Files.writeString(p, "{not json");
        }
        assertThat(validate(cache).out()).isEqualTo(first.out());

        Files.writeString(repo.resolve("clusters/staging/note.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: note\n  namespace: dify-system\n");
        commit("a note");
        validate(cache);
        assertThat(entries(cache)).hasSizeGreaterThan(before.size());
    }

    @Test
    void aLinkedWorkTreeOrNoGitIsNotKeyed() throws Exception {
        assertThat(BaseCache.key(repo, null, null, tmp.resolve("c"))).isPresent();
        assertThat(BaseCache.key(tmp.resolve("elsewhere"), null, null, tmp.resolve("c"))).isEmpty();
        Path linked = tmp.resolve("linked");
        Files.createDirectories(linked);
        Files.writeString(linked.resolve(".git"), "gitdir: " + repo.resolve(".git") + "\n");
        assertThat(BaseCache.key(linked, null, null, tmp.resolve("c"))).isEmpty();
    }

    @Test
    void theWorkTreeMatchesItsTreeOnlyByteForByte() throws Exception {
        Map<String, String> tree;
        try (BaseRevision r = BaseRevision.open(repo, "main", null).orElseThrow()) {
            tree = r.tree();
        }
        List<String> top = List.of("clusters", "charts-values");
        assertThat(BaseCache.workTreeMatches(repo, tree, top)).isTrue();
        Files.writeString(repo.resolve("clusters/untracked.yaml"), "a: 1\n");
        assertThat(BaseCache.workTreeMatches(repo, tree, top)).isFalse();
        Files.delete(repo.resolve("clusters/untracked.yaml"));
        replace(STAGING_HR, "3.7.4", "3.7.5");
        assertThat(BaseCache.workTreeMatches(repo, tree, top)).isFalse();
        replace(STAGING_HR, "3.7.5", "3.7.4");
        assertThat(BaseCache.workTreeMatches(repo, tree, top)).isTrue();
        repo.resolve(STAGING_HR).toFile().setExecutable(true);
        assertThat(BaseCache.workTreeMatches(repo, tree, top)).isFalse();
    }
}
