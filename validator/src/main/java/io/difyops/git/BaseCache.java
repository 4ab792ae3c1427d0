package io.difyops.git;

import io.difyops.load.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run learns about its base from git, kept on disk for the next run with the same git state
 * ({@link GitState}: the same names point to the same commits): the base commit and its description,
 * whether it is HEAD, the base's policy files, its tree (path → mode and blob id) and the previous
 * chart version of each Dify release. A run whose git state is known then opens no repository: JGit
 * is neither loaded nor run (0.3–0.4 s of a warm run, issue 14). An entry is only ever added to, and
 * everything in it follows from immutable commits, so a stale entry cannot exist; any doubt (an entry
 * without the answer asked for, a work tree that does not match the tree byte for byte) goes to git.
 */
public final class BaseCache {
    /**
     * One entry: null maps were not recorded yet. The policy and the ignore files are recorded together, so
     * {@code ignores} null means neither was; then a null {@code policy} means the base has no {@code .difyops.yaml}.
     */
    public record Entry(String commit, String description, boolean headIsBase, String policy,
                        Map<String, String> ignores, Map<String, String> tree, Map<String, String> previous) {
        /** The previous chart version recorded for a release ("" none), or null when not recorded. */
        public String previous(String file, String name) {
            return previous == null ? null : previous.get(file + "|" + name);
        }
    }

    private BaseCache() {
    }

    /** The entry's path for this repository, base ref and default branch, or empty when the layout is not keyed. */
    public static Optional<Path> key(Path root, String ref, String defaultBranch, Path cacheDir) {
        if (!GitState.keyable(root) || System.getenv("DIFYOPS_NO_CACHE") != null) {
            return Optional.empty();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            GitState.line(sha, "base v1 " + root.toAbsolutePath().normalize());
            GitState.line(sha, "ref " + ref + " default " + defaultBranch);
            GitState.fingerprint(root, sha);
            return Optional.of(cacheDir.resolve("bases").resolve(HexFormat.of().formatHex(sha.digest()) + ".json"));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<Entry> read(Path entry) {
        try {
            if (!Files.isRegularFile(entry)) {
                return Optional.empty();
            }
            JsonNode n = Json.parse(Files.readString(entry, StandardCharsets.UTF_8));
            String policy = n.path("policy").isString() ? n.get("policy").asString("") : null;
            return Optional.of(new Entry(n.path("commit").asString(""), n.path("description").asString(""),
                    n.path("headIsBase").asBoolean(false), policy, strings(n.get("ignores")), strings(n.get("tree")),
                    strings(n.get("previous"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> strings(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
        return out;
    }

    /** Adds to the entry (made if absent) and writes it atomically; a failure only means no cache. */
    private static void update(Path entry, Consumer<ObjectNode> change) {
        try {
            ObjectNode n = Files.isRegularFile(entry) && Json.parse(Files.readString(entry, StandardCharsets.UTF_8)) instanceof ObjectNode o
                    ? o : Json.MAPPER.createObjectNode();
            change.accept(n);
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), ".base", ".tmp");
            Files.writeString(tmp, Json.MAPPER.writeValueAsString(n), StandardCharsets.UTF_8);
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // no cache this time
        }
    }

    /**
     * Records what opening the base told (its commit, description, whether it is HEAD, its tree) and what
     * {@code more} adds, in one write.
     */
    public static void record(Path entry, BaseRevision rev, Consumer<ObjectNode> more) {
        try {
            Map<String, String> tree = rev.tree();
            boolean headIsBase = rev.headIsBase();
            update(entry, n -> {
                n.put("commit", rev.commit().getName());
                n.put("description", rev.describe());
                n.put("headIsBase", headIsBase);
                ObjectNode t = n.putObject("tree");
                tree.forEach(t::put);
                more.accept(n);
            });
        } catch (IOException e) {
            // no cache this time
        }
    }

    /**
     * Whether every file under {@code paths} (top-level names) in the work tree is exactly the base tree's: the
     * same set of files, each with the base's mode and blob id (git's SHA-1 of the bytes). False on any
     * doubt (an untracked file, an ignored one, a link, line endings a filter would change): git decides then.
     */
    public static boolean workTreeMatches(Path root, Map<String, String> tree, Collection<String> paths) {
        if (tree == null || paths.isEmpty()) {
            return false;
        }
        Map<String, String> expected = new HashMap<>();
        tree.forEach((p, v) -> {
            String top = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
            if (paths.contains(top)) {
                expected.put(p, v);
            }
        });
        Map<String, String> found = new HashMap<>();
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String top : paths) {
                Path start = root.resolve(top);
                if (!Files.exists(start, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (var s = Files.walk(start)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        if (Files.isSymbolicLink(p)) {
                            return false;
                        }
                        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            continue;
                        }
                        String rel = root.relativize(p).toString().replace('\\', '/');
                        if (!expected.containsKey(rel)) {
                            return false; // untracked (or ignored): let git say
                        }
                        byte[] bytes = Files.readAllBytes(p);
                        sha1.reset();
                        sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
                        sha1.update(bytes);
                        String mode = Files.isExecutable(p) ? "100755" : "100644";
                        found.put(rel, mode + " " + HexFormat.of().formatHex(sha1.digest()));
                    }
                }
            }
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return false;
        }
        return found.equals(expected);
    }
}
