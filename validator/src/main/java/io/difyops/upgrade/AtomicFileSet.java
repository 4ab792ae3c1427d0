package io.difyops.upgrade;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes several files as one change: all of them or none. Each new text goes to a temporary file
 * beside its target first; then a journal naming every (temporary, target) pair is written at the
 * repository root; then each temporary file is renamed onto its target (an atomic rename each), and
 * the journal is removed. A run stopped before the journal exists leaves only temporary files (none
 * of the targets changed); a run stopped after it is finished by {@link #recover}, which renames what
 * is left, so the set is never half applied once the next bump (or validate, which reports the
 * journal) has looked.
 */
public final class AtomicFileSet {
    /** The journal's name, at the repository root. */
    public static final String JOURNAL = ".difyops-bump.journal";

    /** Renames one file; tests replace it to stop a run part-way. */
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    static Rename rename = (from, to) -> Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    /** What {@link #recover} finished: the change's description and the files it completed. */
    public record Recovered(String description, List<String> completed, int total) {
    }

    private AtomicFileSet() {
    }

    /**
     * Writes {@code files} (repository-relative path to text) under {@code root} as one change.
     *
     * @param description one line saying what the change is, for a later {@link #recover}
     */
    public static void write(Path root, String description, Map<String, String> files) throws IOException {
        if (Files.exists(root.resolve(JOURNAL))) {
            throw new IOException("an earlier change is unfinished (" + JOURNAL + "); run difyops bump again to finish it first");
        }
        Map<String, Path> temps = new LinkedHashMap<>();
        try {
            for (var e : files.entrySet()) {
                Path target = root.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".difyops", ".tmp");
                temps.put(e.getKey(), tmp);
                Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
                if (Files.exists(target)) {
                    try {
                        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system
                    }
                }
                sync(tmp);
            }
        } catch (IOException | RuntimeException e) {
            for (Path t : temps.values()) {
                Files.deleteIfExists(t);
            }
            throw e;
        }
        StringBuilder journal = new StringBuilder("# difyops: an unfinished change; `difyops bump` finishes it. Do not commit.\n");
        journal.append(description.replace('\n', ' ')).append('\n');
        temps.forEach((target, tmp) -> journal.append(root.relativize(tmp)).append('\t').append(target).append('\n'));
        Path journalTmp = Files.createTempFile(root, ".difyops-journal", ".tmp");
        Files.writeString(journalTmp, journal, StandardCharsets.UTF_8);
        sync(journalTmp);
        Files.move(journalTmp, root.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE);
        finish(root);
    }

    /**
     * Finishes a change a stopped run left behind, if any: renames every temporary file still there
     * onto its target and removes the journal.
     */
    public static java.util.Optional<Recovered> recover(Path root) throws IOException {
        if (!Files.exists(root.resolve(JOURNAL))) {
            return java.util.Optional.empty();
        }
        List<String> lines = Files.readAllLines(root.resolve(JOURNAL), StandardCharsets.UTF_8);
        String description = lines.size() > 1 ? lines.get(1) : "";
        List<String> completed = finish(root);
        return java.util.Optional.of(new Recovered(description, completed, Math.max(0, lines.size() - 2)));
    }

    /** Renames what the journal lists and is still pending; returns the targets it completed. */
    private static List<String> finish(Path root) throws IOException {
        Path journal = root.resolve(JOURNAL);
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        List<String> done = new ArrayList<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            String[] parts = line.split("\t");
            if (parts.length != 2) {
                throw new IOException(JOURNAL + " is damaged (a line is not TEMP<TAB>TARGET); restore the files with git and delete it");
            }
            Path tmp = inside(root, parts[0]);
            Path target = inside(root, parts[1]);
            if (Files.exists(tmp)) {
                rename.move(tmp, target);
                done.add(parts[1]);
            }
        }
        Files.delete(journal);
        return done;
    }

    /** A journal path, refused when it leaves the repository (the journal is a file in the working tree). */
    private static Path inside(Path root, String rel) throws IOException {
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root.normalize()) || rel.startsWith("/")) {
            throw new IOException(JOURNAL + " names a path outside the repository (" + rel + "); delete it and restore the files with git");
        }
        return p;
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }
}
