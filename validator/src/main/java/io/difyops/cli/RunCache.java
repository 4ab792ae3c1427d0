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
            "--chart-source", "--cache-dir", "--base", "-h", "--help", "-V", "--version", "--cluster", "--context", "--kubeconfig");
    private static final List<String> ENV = List.of("CI", "GITHUB_BASE_REF", "GITHUB_HEAD_REF", "PATH", "XDG_CACHE_HOME", "HOME",
            "GIT_CONFIG_NOSYSTEM", "NO_COLOR", "TERM");

    private RunCache() {
    }

    private static final List<String> HELP = List.of("-h", "--help", "-V", "--version");
    private static final String HELP_PREFIX = "help-";

    /** The cache entry for these arguments, or empty when this run must not be cached. */
    static Optional<Path> entry(String[] args) {
        if (asksForHelp(args)) {
            return helpEntry(args);
        }
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
            if (!io.difyops.git.GitState.keyable(root)) {
                return Optional.empty(); // no git state to key on (or a linked work tree): not cached
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            gate(sha);
            line(sha, "cwd " + Path.of("").toAbsolutePath());
            line(sha, "args " + String.join("\u0000", args));
            line(sha, "console " + (System.console() != null)); // --color auto
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

    /**
     * Whether these arguments only ask for help or the version: no arguments, {@code help [COMMAND...]}, or
     * command names followed by {@code --help}/{@code -h} (or the top level's {@code --version}). Such an
     * answer depends on the gate's jar and the terminal only.
     */
    static boolean asksForHelp(String[] args) {
        if (args.length == 0) {
            return true;
        }
        if (args.length > 4) {
            return false;
        }
        boolean words = true;
        for (int i = 0; i < args.length - 1; i++) {
            words &= !args[i].startsWith("-") && args[i].matches("[a-z]+");
        }
        String last = args[args.length - 1];
        return words && (HELP.contains(last) || args[0].equals("help") && last.matches("[a-z]+"));
    }

    /**
     * A help answer's entry: the jar, the arguments and what decides picocli's layout and colours (a
     * terminal or not, {@code COLUMNS}, {@code TERM}, {@code NO_COLOR}, {@code CLICOLOR*}). No file of the
     * repository is read, so {@code ./difyops --help} answers as fast as the JVM starts.
     */
    private static Optional<Path> helpEntry(String[] args) {
        if (System.getenv("DIFYOPS_NO_CACHE") != null || System.getenv("DIFYOPS_TIMINGS") != null) {
            return Optional.empty();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            gate(sha);
            line(sha, "args " + String.join("\u0000", args));
            line(sha, "console " + (System.console() != null) + " " + System.getProperty("picocli.ansi"));
            for (String v : List.of("COLUMNS", "TERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "ConEmuANSI", "ANSICON")) {
                line(sha, v + "=" + System.getenv(v));
            }
            Path dir = io.difyops.schema.SchemaFetcher.defaultCacheDir().resolve("runs");
            return Optional.of(dir.resolve(HELP_PREFIX + HexFormat.of().formatHex(sha.digest())));
        } catch (IOException | RuntimeException | NoSuchAlgorithmException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * The gate itself: its jar (path, size, time), or for classes in a folder (a build's
     * {@code target/classes}) the newest time and the number of its files.
     */
    private static void gate(MessageDigest sha) throws IOException, java.net.URISyntaxException {
        Path code = Path.of(RunCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(code)) {
            line(sha, "gate " + code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis());
            return;
        }
        long newest = 0;
        long count = 0;
        try (var s = Files.walk(code)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                newest = Math.max(newest, Files.getLastModifiedTime(p).to(java.util.concurrent.TimeUnit.NANOSECONDS));
                count++;
            }
        }
        line(sha, "gate " + code + " " + count + " " + newest);
    }

    private static boolean takesValue(String option) {
        return List.of("--output", "--skip", "--skip-kind", "--reject", "--ignore", "--disable", "--skip-json-path", "--severity", "--fail-on",
                "--color", "--colour").contains(option);
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
        io.difyops.git.GitState.fingerprint(root, sha);
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
        boolean help = entry.getFileName().toString().startsWith(HELP_PREFIX);
        if (!help && answer.code() != 0 && answer.code() != 1) {
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
