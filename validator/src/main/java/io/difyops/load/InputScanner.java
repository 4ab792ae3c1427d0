package io.difyops.load;

import io.difyops.diag.Position;
import io.difyops.diag.Findings;
import io.difyops.load.InputLimit;
import io.difyops.load.InputUnreadable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Finds the {@code *.yaml}, {@code *.yml} and {@code *.json} files under the given paths and reads
 * them as UTF-8. Skips {@code .git}, build output, what {@code .gitignore} files exclude and the
 * {@code ignore:} globs of {@code .difyops.yaml}. Never follows a link out of the repository.
 */
public final class InputScanner {
    /** Folders a scan never enters (a repository's metadata and build output). */
    public static final Set<String> SKIPPED_DIRS = SkippedFolders.NAMES;

    private final Path root;
    private final Path realRoot;
    private final Limits limits;
    private final List<FastIgnoreRule> extraIgnores = new ArrayList<>();

    /** Whether {@link #scan} only finds files (their text null), for {@link #read} to read one batch at a time. */
    private boolean deferred;

    /** The base commit's .gitignore files (relative path to text) in place of the work tree's, or null. */
    private final java.util.Map<String, String> ignoreFiles;

    public InputScanner(Path root, Limits limits, List<String> ignoreGlobs) {
        this(root, limits, ignoreGlobs, null);
    }

    /**
     * @param ignoreFiles when not null, the {@code .gitignore} files that decide what is scanned (the
     *                    base commit's, so that a change cannot hide its own files); the work tree's are not read
     */
    public InputScanner(Path root, Limits limits, List<String> ignoreGlobs, java.util.Map<String, String> ignoreFiles) {
        this.ignoreFiles = ignoreFiles;
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = realPath(this.root);
        this.limits = limits;
        for (String g : ignoreGlobs) {
            extraIgnores.add(new FastIgnoreRule(g));
        }
    }

    public static boolean isManifestName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** Repository-relative name with forward slashes (paths outside the root keep their relative form). */
    public String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        String rel = root.relativize(abs).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    public Path root() {
        return root;
    }

    /**
     * From now on {@link #scan} finds the files (links, kinds and sizes checked) without reading them: each
     * {@link InputFile} has a null text until {@link #read} reads it. For runs that read in batches.
     */
    public InputScanner deferReading() {
        this.deferred = true;
        return this;
    }

    /** The file's text, read now: the same checks and findings as a scan that reads; null when it cannot be read. */
    public InputFile read(InputFile f, Findings out) {
        if (f.text() != null) {
            return f;
        }
        try {
            if (tooLarge(f.relPath(), Files.size(f.path()), out)) {
                return null;
            }
            String text = decode(Files.readAllBytes(f.path()), f.relPath(), out);
            return text == null ? null : new InputFile(f.path(), f.relPath(), text);
        } catch (IOException e) {
            out.reportAt(InputUnreadable.class, f.relPath(), Position.START, "", "the file cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** Whether a file of {@code size} bytes is over the limit (then it says so, and the file is not read). */
    private boolean tooLarge(String rel, long size, Findings out) {
        if (size <= limits.maxFileBytes()) {
            return false;
        }
        out.reportAt(InputLimit.class, rel, Position.START, "", "the file is " + (size / (1024 * 1024))
                + " MiB, over the " + (limits.maxFileBytes() / (1024 * 1024)) + " MiB limit; it was not read. Split it into smaller files");
        return true;
    }

    /** Finds every input file under {@code paths} and reads it (unless reading is deferred); a path that does not exist throws. */
    public List<InputFile> scan(List<Path> paths, Findings out) throws IOException {
        List<InputFile> files = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(abs)) {
                walk(abs, realPath(abs), List.of(), files, seen, out);
            } else if (!ignored(abs, false, List.of())) {
                readInto(abs, files, seen, out);
            }
        }
        return files;
    }

    private record Ignore(Path dir, IgnoreNode node) {
    }

    /** Walks {@code dir}, whose real path is {@code realDir} (its entries' real paths follow from it, without a lookup each). */
    private void walk(Path dir, Path realDir, List<Ignore> inherited, List<InputFile> files, Set<Path> seen, Findings out) throws IOException {
        List<Ignore> ignores = inherited;
        Path gi = dir.resolve(".gitignore");
        String rel = root.relativize(dir.toAbsolutePath().normalize()).toString().replace('\\', '/');
        String giName = rel.isEmpty() ? ".gitignore" : rel + "/.gitignore";
        boolean fromBase = ignoreFiles != null && dir.toAbsolutePath().normalize().startsWith(root);
        if (fromBase ? ignoreFiles.containsKey(giName) : Files.isRegularFile(gi, LinkOption.NOFOLLOW_LINKS)) {
            IgnoreNode node = new IgnoreNode();
            try (InputStream in = fromBase
                    ? new java.io.ByteArrayInputStream(ignoreFiles.get(giName).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : Files.newInputStream(gi)) {
                node.parse(in);
            }
            ignores = new ArrayList<>(inherited);
            ignores.add(new Ignore(dir, node));
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            java.nio.file.attribute.BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(child, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // gone since the listing
            }
            boolean link = attrs.isSymbolicLink();
            boolean isDir = link ? Files.isDirectory(child) : attrs.isDirectory();
            if (isDir && SKIPPED_DIRS.contains(name)) {
                continue;
            }
            if (!isDir && ".difyops.yaml".equals(name) && dir.equals(root)) {
                continue;
            }
            if (ignored(child, isDir, ignores)) {
                continue;
            }
            if (link && !inside(child)) {
                if (isDir || isManifestName(name)) {
                    out.reportAt(InputUnreadable.class, relative(child), Position.START, "",
                            "symbolic link points outside the repository; it was not followed. Commit the file itself instead");
                }
                continue;
            }
            if (isDir) {
                if (!link) {
                    walk(child, realDir == null ? null : realDir.resolve(name), ignores, files, seen, out);
                }
            } else if (isManifestName(name)) {
                if (link || realDir == null) {
                    readInto(child, files, seen, out);
                } else {
                    readInto(child, realDir.resolve(name), attrs, files, seen, out);
                }
            }
        }
    }

    private boolean ignored(Path p, boolean isDir, List<Ignore> ignores) {
        Boolean result = null;
        for (Ignore ig : ignores) {
            String rel = ig.dir.relativize(p).toString().replace('\\', '/');
            IgnoreNode.MatchResult r = ig.node.isIgnored(rel, isDir);
            if (r == IgnoreNode.MatchResult.IGNORED) {
                result = true;
            } else if (r == IgnoreNode.MatchResult.NOT_IGNORED) {
                result = false;
            }
        }
        if (Boolean.TRUE.equals(result)) {
            return true;
        }
        if (!extraIgnores.isEmpty() && p.toAbsolutePath().normalize().startsWith(root)) {
            String rel = root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
            for (FastIgnoreRule r : extraIgnores) {
                if (r.isMatch(rel, isDir) && !r.getNegation()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean inside(Path link) {
        Path real = realPath(link);
        return real != null && realRoot != null && real.startsWith(realRoot);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private void readInto(Path file, List<InputFile> files, Set<Path> seen, Findings out) {
        Path real = realPath(file);
        if (real == null) {
            out.reportAt(InputUnreadable.class, relative(file), Position.START, "", "the file cannot be opened (a broken link?)");
            return;
        }
        java.nio.file.attribute.BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (IOException e) {
            out.reportAt(InputUnreadable.class, relative(file), Position.START, "", "the file cannot be opened (a broken link?)");
            return;
        }
        readInto(file, real, attrs, files, seen, out);
    }

    /** Reads a file whose real path and attributes (of the real file) are known. */
    private void readInto(Path file, Path real, java.nio.file.attribute.BasicFileAttributes attrs, List<InputFile> files, Set<Path> seen,
                          Findings out) {
        if (!seen.add(real)) {
            return;
        }
        String rel = relative(file);
        if (!attrs.isRegularFile()) {
            // a FIFO blocks a read forever, a device such as /dev/zero never ends: neither is a manifest
            out.reportAt(InputUnreadable.class, rel, Position.START, "", "not a regular file (a pipe, socket or device), so it was "
                    + "not read; give the gate files");
            return;
        }
        try {
            if (tooLarge(rel, attrs.size(), out)) {
                return;
            }
            if (deferred) {
                files.add(new InputFile(file, rel, null));
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = decode(bytes, rel, out);
            if (text != null) {
                files.add(new InputFile(file, rel, text));
            }
        } catch (IOException e) {
            out.reportAt(InputUnreadable.class, rel, Position.START, "", "the file cannot be read: " + e.getMessage());
        }
    }

    /** Decodes strict UTF-8; reports binary content and bad bytes at their line. */
    static String decode(byte[] bytes, String rel, Findings out) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.reportAt(InputUnreadable.class, rel, lineOf(bytes, i), "",
                        "the file is binary (it holds a NUL byte), not YAML or JSON text; rename it or ignore it");
                return null;
            }
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes, start);
            out.reportAt(InputUnreadable.class, rel, lineOf(bytes, bad), "",
                    "the file is not valid UTF-8 (byte 0x" + String.format("%02x", bytes[bad] & 0xff)
                            + " at offset " + bad + "); save it as UTF-8");
            return null;
        }
    }

    private static int firstInvalidUtf8(byte[] b, int from) {
        var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (InputStream in = new ByteArrayInputStream(b)) {
            int lo = from;
            int hi = b.length;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                try {
                    dec.reset().decode(ByteBuffer.wrap(b, from, mid - from));
                    lo = mid;
                } catch (CharacterCodingException e) {
                    hi = mid;
                }
            }
            return Math.max(from, Math.min(lo, b.length - 1));
        } catch (IOException e) {
            return from;
        }
    }

    private static Position lineOf(byte[] b, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Position(line, col);
    }
}
