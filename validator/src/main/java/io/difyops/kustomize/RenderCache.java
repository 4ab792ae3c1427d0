package io.difyops.kustomize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Renders kept on disk, keyed by everything a render reads: the renderer (its path, size and
 * modification time), and the path (relative to the kustomization) and bytes of every file in the
 * folders of the kustomization and of every local kustomization it includes, and of every file they name. A pull request re-renders
 * only what it touched; a run whose inputs did not change renders nothing. Kustomizations with remote
 * bases are never cached (what a URL serves can change). Real kustomize stays the renderer.
 *
 * <p>One instance serves one run: it reads each input file once (its files must not change under it).
 */
public final class RenderCache {
    private final KustomizeRenderer renderer;
    private final Path dir;
    private final String rendererKey;
    /**
     * What this run has already read, for the keys of the renders after it: a fleet's environments share their
     * bases, so each shared file is listed, stat'ed and hashed once per run rather than once per render.
     */
    private final java.util.Map<Path, byte[]> digests = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Path, List<Path>> listings = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Path, Integer> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    public RenderCache(KustomizeRenderer renderer, Path cacheDir) {
        this.renderer = renderer;
        this.dir = cacheDir == null ? null : cacheDir.resolve("renders");
        this.rendererKey = renderer.describe() + "|" + fingerprint(renderer.binary());
    }

    private static String fingerprint(Path binary) {
        try {
            return Files.size(binary) + "|" + Files.getLastModifiedTime(binary).toMillis();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The render of {@code root}, from the cache when every input is as it was. */
    public KustomizeRenderer.Result render(Kustomization root, List<Kustomization> reachable) {
        if (dir == null || reachable.stream().anyMatch(k -> !k.remote().isEmpty())) {
            return renderer.render(root.dir());
        }
        String key;
        long t0 = System.nanoTime();
        try {
            key = key(root, reachable);
            io.difyops.diag.Timings.add("render: cache key", System.nanoTime() - t0);
        } catch (IOException e) {
            return renderer.render(root.dir());
        }
        Path entry = dir.resolve(key.substring(0, 2)).resolve(key + ".yaml");
        try {
            if (Files.isRegularFile(entry)) {
                long t1 = System.nanoTime();
                String yaml = Files.readString(entry, StandardCharsets.UTF_8);
                io.difyops.diag.Timings.add("render: cache read", System.nanoTime() - t1);
                return new KustomizeRenderer.Result(yaml, null);
            }
        } catch (IOException e) {
            // a damaged entry: render again
        }
        KustomizeRenderer.Result r = renderer.render(root.dir());
        if (r.ok()) {
            try {
                Files.createDirectories(entry.getParent());
                Path tmp = Files.createTempFile(entry.getParent(), ".render", ".tmp");
                Files.writeString(tmp, r.yaml(), StandardCharsets.UTF_8);
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // no cache this time
            }
        }
        return r;
    }

    String key(Kustomization root, List<Kustomization> reachable) throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        for (Kustomization k : reachable) {
            files.addAll(listing(k.dir()));
            for (List<Path> named : List.of(k.resources(), k.patches(), k.generatorFiles(), k.otherInputs())) {
                for (Path p : named) {
                    int kind = kind(p);
                    if (kind == FILE) {
                        files.add(p);
                    } else if (kind == DIRECTORY && reachable.stream().noneMatch(r -> r.dir().equals(p))) {
                        try (Stream<Path> s = Files.walk(p, 8)) {   // a folder kustomize reads that we did not scan
                            s.filter(Files::isRegularFile).forEach(files::add);
                        }
                    }
                }
            }
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // paths relative to the kustomization: what kustomize prints follows from the layout and the bytes, not from
        // where the tree stands, so the base of a change (checked out in a temporary folder) reuses the work tree's renders
        sha.update((rendererKey + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            sha.update((root.dir().relativize(f).toString().replace('\\', '/') + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(digest(f)); // the SHA-256 of the file's bytes
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final int MISSING = 0;
    private static final int FILE = 1;
    private static final int DIRECTORY = 2;

    private int kind(Path p) {
        return kinds.computeIfAbsent(p, x -> Files.isRegularFile(x) ? FILE : Files.isDirectory(x) ? DIRECTORY : MISSING);
    }

    private List<Path> listing(Path folder) throws IOException {
        List<Path> known = listings.get(folder);
        if (known == null) {
            try (Stream<Path> s = Files.list(folder)) {
                known = s.filter(Files::isRegularFile).toList();
            }
            listings.put(folder, known);
        }
        return known;
    }

    private byte[] digest(Path f) throws IOException {
        byte[] known = digests.get(f);
        if (known == null) {
            try {
                known = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            digests.put(f, known);
        }
        return known;
    }
}
