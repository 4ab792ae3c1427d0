package io.difyops.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * What decides which commits a repository's names point to, as bytes to key a cache on: HEAD,
 * packed-refs, shallow, config and every file under refs/ (path and content). Git objects are
 * immutable, so two runs with the same state resolve every name, and every merge-base, to the same
 * commits. Read without JGit (a cache hit must not pay for loading it). Only a plain {@code .git}
 * folder is keyed; a linked work tree ({@code .git} a file) is not.
 */
public final class GitState {
    private GitState() {
    }

    /** Whether {@code root} has a {@code .git} folder (the only layout keyed). */
    public static boolean keyable(Path root) {
        return Files.isDirectory(root.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Adds the state of {@code root}'s {@code .git} folder to {@code sha}. */
    public static void fingerprint(Path root, MessageDigest sha) throws IOException {
        Path git = root.resolve(".git");
        for (String f : List.of("HEAD", "packed-refs", "shallow", "config")) {
            Path p = git.resolve(f);
            if (Files.isRegularFile(p)) {
                line(sha, f + " " + Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        Path refs = git.resolve("refs");
        if (Files.isDirectory(refs)) {
            try (var s = Files.walk(refs)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    line(sha, git.relativize(p).toString().replace('\\', '/') + " " + Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
    }

    static void line(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
