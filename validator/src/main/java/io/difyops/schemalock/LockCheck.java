package io.difyops.schemalock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the committed lock with what it should be. Without sources to read ({@code --offline}):
 * every pin is covered, and every schema file is the one the lock names (sha256) with no stray
 * files. With a fresh lock read from the sources: the same sources and versions, the same kinds
 * with the same schema bytes, and, where both were read the same way (both from folders, or both
 * from upstream), the same sha256 for every read.
 */
public final class LockCheck {
    private LockCheck() {
    }

    /** Problems with the committed lock against the pins alone; empty when it covers them and is intact. */
    public static List<String> offline(Path root, SchemaLock committed, List<Pin> pins) throws IOException {
        List<String> out = new ArrayList<>();
        if (committed == null) {
            out.add(SchemaLock.DIR + "/" + SchemaLock.LOCK_FILE + " does not exist: run difyops schemas lock");
            return out;
        }
        Map<String, SchemaLock.Source> byKey = committed.byKey();
        for (Pin p : pins) {
            if (!byKey.containsKey(p.key())) {
                out.add(p.file() + ":" + p.position().line() + ": " + p.display() + " is pinned but not in the lock"
                        + lockedVersions(committed, p));
            }
        }
        out.addAll(integrity(root, committed));
        return out;
    }

    static String lockedVersions(SchemaLock lock, Pin p) {
        List<String> versions = lock.sources().stream().filter(s -> s.type() == p.type() && s.name().equals(p.name()))
                .map(SchemaLock.Source::version).toList();
        return versions.isEmpty() ? "" : " (the lock has " + String.join(", ", versions) + ")";
    }

    /**
     * A schema file that is missing, was edited by hand, or is not named by the lock: in which file
     * to report it (lock.yaml at the kind's entry, or the stray file itself) and what to say.
     */
    public record Problem(String file, io.difyops.diag.Position position, String message) {
    }

    /** Schema files against the lock, given the sha256 of every file under {@code schemas/}. */
    public static List<Problem> integrity(SchemaLock lock, Map<String, String> fileSha) {
        List<Problem> out = new ArrayList<>();
        String lockFile = SchemaLock.DIR + "/" + SchemaLock.LOCK_FILE;
        java.util.Set<String> named = new java.util.HashSet<>();
        for (SchemaLock.Source s : lock.sources()) {
            for (SchemaLock.Kind k : s.kinds()) {
                named.add(k.file());
                String sha = fileSha.get(k.file());
                if (sha == null) {
                    out.add(new Problem(lockFile, k.position(), SchemaLock.DIR + "/" + k.file() + " (" + k.kind() + " of " + s.display()
                            + ") is missing: run difyops schemas lock"));
                } else if (!sha.equals(k.sha256())) {
                    out.add(new Problem(lockFile, k.position(), SchemaLock.DIR + "/" + k.file()
                            + " was edited by hand (its sha256 is not the lock's): run difyops schemas lock"));
                }
            }
        }
        for (String f : fileSha.keySet()) {
            if (!named.contains(f)) {
                out.add(new Problem(SchemaLock.DIR + "/" + f, io.difyops.diag.Position.START, SchemaLock.DIR + "/" + f + " is not named by "
                        + lockFile + ": remove it, or run difyops schemas lock"));
            }
        }
        return out;
    }

    private static List<String> integrity(Path root, SchemaLock committed) throws IOException {
        Map<String, String> sha = new java.util.LinkedHashMap<>();
        for (var e : SchemaLock.schemaFiles(root).entrySet()) {
            sha.put(e.getKey(), SchemaLock.sha256(Files.readAllBytes(e.getValue())));
        }
        return integrity(committed, sha).stream().map(Problem::message).toList();
    }

    /** Differences between the committed lock (with its files on disk) and a fresh one. */
    public static List<String> against(Path root, SchemaLock committed, SchemaLock fresh) throws IOException {
        List<String> out = new ArrayList<>();
        if (committed == null) {
            out.add(SchemaLock.DIR + "/" + SchemaLock.LOCK_FILE + " does not exist: run difyops schemas lock");
            return out;
        }
        Map<String, SchemaLock.Source> old = committed.byKey();
        Map<String, SchemaLock.Source> now = fresh.byKey();
        for (String k : now.keySet()) {
            if (!old.containsKey(k)) {
                out.add(now.get(k).display() + " is not in the lock");
            }
        }
        for (String k : old.keySet()) {
            if (!now.containsKey(k)) {
                out.add(old.get(k).display() + " is in the lock but no longer installed");
            }
        }
        for (String k : now.keySet()) {
            SchemaLock.Source a = old.get(k);
            SchemaLock.Source b = now.get(k);
            if (a == null) {
                continue;
            }
            if (sameKindOfRead(a, b)) {
                List<String> ra = a.read().stream().map(r -> r.url() + " " + r.sha256()).sorted().toList();
                List<String> rb = b.read().stream().map(r -> r.url() + " " + r.sha256()).sorted().toList();
                if (!ra.equals(rb)) {
                    int before = out.size();
                    for (SchemaLock.Read r : b.read()) {
                        if (a.read().stream().noneMatch(x -> x.url().equals(r.url()) && x.sha256().equals(r.sha256()))) {
                            out.add(b.display() + ": " + r.url() + " now has sha256 " + r.sha256() + ", the lock says "
                                    + a.read().stream().filter(x -> x.url().equals(r.url())).map(SchemaLock.Read::sha256).findFirst()
                                    .orElse("nothing (it was not read)"));
                        }
                    }
                    if (out.size() == before) {
                        out.add(b.display() + ": the files read differ from the lock's");
                    }
                }
            }
            List<String> ka = a.kinds().stream().map(x -> x.apiVersion() + "/" + x.kind() + " " + x.file() + " " + x.sha256()).sorted().toList();
            List<String> kb = b.kinds().stream().map(x -> x.apiVersion() + "/" + x.kind() + " " + x.file() + " " + x.sha256()).sorted().toList();
            if (!ka.equals(kb)) {
                for (SchemaLock.Kind x : b.kinds()) {
                    SchemaLock.Kind y = a.kinds().stream().filter(z -> z.apiVersion().equals(x.apiVersion()) && z.kind().equals(x.kind()))
                            .findFirst().orElse(null);
                    if (y == null) {
                        out.add(b.display() + " now yields " + x.apiVersion() + "/" + x.kind() + ", which the lock lacks");
                    } else if (!Objects.equals(y.sha256(), x.sha256())) {
                        out.add(b.display() + ": the schema of " + x.apiVersion() + "/" + x.kind() + " changed");
                    }
                }
                for (SchemaLock.Kind y : a.kinds()) {
                    if (b.kinds().stream().noneMatch(z -> z.apiVersion().equals(y.apiVersion()) && z.kind().equals(y.kind()))) {
                        out.add(b.display() + " no longer yields " + y.apiVersion() + "/" + y.kind());
                    }
                }
            }
        }
        out.addAll(integrity(root, committed));
        return out;
    }

    private static boolean sameKindOfRead(SchemaLock.Source a, SchemaLock.Source b) {
        boolean fa = a.read().stream().allMatch(r -> r.url().startsWith("from:"));
        boolean fb = b.read().stream().allMatch(r -> r.url().startsWith("from:"));
        return fa == fb;
    }
}
