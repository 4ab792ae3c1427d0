package io.difyops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@code validate} whose inputs did not change answers from disk: the same report, the same exit
 * code, without reading a manifest. The key is everything the answer depends on: the gate itself
 * (its jar), the arguments and working directory, the environment variables it reads, PATH (the
 * renderer), every file of the repository outside the folders a scan skips (path, size, modification
 * time), and git's HEAD and refs
 * (so the base is the same commit). Only runs that use no network and write no file are kept:
 * {@code --offline} or {@code offline: true} in the policy, no {@code --online}, no
 * {@code --output-file}/{@code --also}, no location outside the repository. {@code DIFYOPS_NO_CACHE}
 * turns it off.
 */
final class RunCache {
    /** What a run printed, and its exit code. */
    record Answer(int code, String out, String err) {
    }

    private static final List<String> REFUSED = List.of("--online", "--output-file", "-o", "--also", "--schema-location",
            "--chart-source", "--cache-dir", "--base", "-h", "--help", "-V", "--version");
    private static final List<String> ENV = List.of("CI", "GITHUB_BASE_REF", "GITHUB_HEAD_REF", "PATH", "XDG_CACHE_HOME", "HOME",
            "GIT_CONFIG_NOSYSTEM", "NO_COLOR");

    private RunCache() {
    }

    /** The cache entry for these arguments, or empty when this run must not be cached. */
    static Optional<Path> entry(String[] args) {
        if (args.length == 0 || !args[0].equals("validate") || System.getenv("DIFYOPS_NO_CACHE") != null
                || System.getenv("DIFYOPS_TIMINGS") != null || System.getenv("DIFYOPS_DEBUG") != null) {
            return Optional.empty();
        }
        Path input = Path.of(".");
        boolean offline = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (REFUSED.contains(name)) {
                return Optional.empty();
            }
            if (a.equals("--offline")) {
                offline = true;
            }
            if (!a.startsWith("-")) {
                if (i > 1 && args[i - 1].startsWith("--") && !args[i - 1].contains("=") && takesValue(args[i - 1])) {
                    continue;
                }
                input = Path.of(a);
            }
        }
        try {
            Path root = RepoRoot.find(input);
            if (!offline && !declaresOffline(root)) {
                return Optional.empty(); // a run that may fetch can answer differently tomorrow
            }
            if (!Files.isDirectory(root.resolve(".git"))) {
                return Optional.empty(); // no git state to key on (or a linked work tree): not cached
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path jar = Path.of(RunCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            line(sha, "gate " + jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis());
            line(sha, "cwd " + Path.of("").toAbsolutePath());
            line(sha, "args " + String.join("\u0000", args));
            for (String v : ENV) {
                line(sha, v + "=" + System.getenv(v));
            }
            fingerprint(root, sha);
            Path dir = io.difyops.schema.SchemaFetcher.defaultCacheDir().resolve("runs");
            return Optional.of(dir.resolve(HexFormat.of().formatHex(sha.digest())));
        } catch (IOException | RuntimeException | NoSuchAlgorithmException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean takesValue(String option) {
        return List.of("--output", "--skip", "--reject", "--ignore", "--disable", "--skip-json-path", "--severity").contains(option);
    }

    /**
     * Whether the policy says {@code offline: true} as a top-level key (a line at column 0). Read by line, not
     * through {@code RepoConfig}: loading the YAML stack would double the time of a replay (0.5 → 0.9 s). A
     * policy written any other way is simply not cached.
     */
    private static boolean declaresOffline(Path root) throws IOException {
        Path cfg = root.resolve(".difyops.yaml");
        return Files.isRegularFile(cfg, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.readAllLines(cfg, StandardCharsets.UTF_8).stream().anyMatch(l -> l.matches("offline:\\s*true\\s*(#.*)?"));
    }

    private static void line(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    /** Every file of the work tree (path, size, time) and git's HEAD and refs (path and content). */
    private static void fingerprint(Path root, MessageDigest sha) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && io.difyops.load.SkippedFolders.NAMES.contains(name);
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                line(sha, root.relativize(file) + " " + attrs.size() + " " + attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + " " + attrs.isSymbolicLink());
                return FileVisitResult.CONTINUE;
            }
        });
        Path git = root.resolve(".git");
        for (String f : List.of("HEAD", "packed-refs", "shallow")) {
            Path p = git.resolve(f);
            if (Files.isRegularFile(p)) {
                line(sha, f + " " + Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        Path refs = git.resolve("refs");
        if (Files.isDirectory(refs)) {
            try (var s = Files.walk(refs)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    line(sha, git.relativize(p) + " " + Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
    }

    static Optional<Answer> read(Path entry) {
        try {
            if (!Files.isRegularFile(entry)) {
                return Optional.empty();
            }
            String text = Files.readString(entry, StandardCharsets.UTF_8);
            int a = text.indexOf('\n');
            int b = text.indexOf('\n', a + 1);
            int code = Integer.parseInt(text.substring(0, a));
            int outLength = Integer.parseInt(text.substring(a + 1, b));
            String rest = text.substring(b + 1);
            return Optional.of(new Answer(code, rest.substring(0, outLength), rest.substring(outLength)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void write(Path entry, Answer answer) {
        if (answer.code() != 0 && answer.code() != 1) {
            return; // a refusal or a failure of the gate is never replayed
        }
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), ".run", ".tmp");
            Files.writeString(tmp, answer.code() + "\n" + answer.out().length() + "\n" + answer.out() + answer.err(), StandardCharsets.UTF_8);
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // no cache this time
        }
    }
}
