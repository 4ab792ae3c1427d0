package io.difyops.schemalock;

import io.difyops.load.Json;
import io.difyops.load.Limits;
import io.difyops.diag.Position;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The schema lock: {@code schemas/lock.yaml} and one compact JSON Schema per kind and version under
 * {@code schemas/}. The lock records, for every source the repository installs (package, chart,
 * Flux, Kubernetes), its version, what was read (URL and sha256) and the kinds it yielded, each
 * with the file of its schema and that file's sha256. Written only by {@code difyops schemas lock}.
 */
public record SchemaLock(List<Source> sources, Map<String, byte[]> files) {
    public static final String DIR = "schemas";
    public static final String LOCK_FILE = "lock.yaml";
    public static final int FORMAT = 1;

    /** Something read to build a source: a URL (or {@code from:} a local folder) and the sha256 of its bytes. */
    public record Read(String url, String sha256) {
    }

    /**
     * A kind a source yielded. {@code format} is {@code crd} (the CRD's openAPIV3Schema, converted and
     * without descriptions; validated as a CRD is) or {@code jsonschema} (a complete JSON Schema of the object).
     */
    public record Kind(String apiVersion, String kind, String scope, String format, String file, String sha256,
                       Position position) {
    }

    /**
     * One locked source. {@code requiredBy} names the package that pulls in a dependency; {@code published}
     * says where the release that publishes a package is shown (its family's publish list), empty when
     * the gate knows no such list for it.
     */
    public record Source(Pin.Type type, String name, String version, String requiredBy, String published, String note,
                         List<Read> read, List<Kind> kinds, Position position) {
        public String key() {
            return type.label() + "|" + name + "|" + version;
        }

        public String display() {
            int slash = name.lastIndexOf('/');
            return (slash < 0 ? name : name.substring(slash + 1)) + " " + version;
        }
    }

    /** The lock of a repository, or null when {@code schemas/lock.yaml} does not exist. */
    public static SchemaLock readOrNull(Path root) throws IOException {
        Path lock = root.resolve(DIR).resolve(LOCK_FILE);
        if (!Files.isRegularFile(lock)) {
            return null;
        }
        return parse(io.difyops.load.RepoFile.read(root, lock));
    }

    /** Parses lock.yaml (schema files are read on demand, not here). */
    public static SchemaLock parse(String text) throws IOException {
        Findings problems = new Findings();
        List<YamlDocument> docs = new YamlReader(Limits.DEFAULT, true).read(DIR + "/" + LOCK_FILE, text, problems);
        if (!problems.isEmpty()) {
            throw new IOException(DIR + "/" + LOCK_FILE + ":" + problems.list().get(0).line() + ": " + problems.list().get(0).message());
        }
        if (docs.isEmpty() || !docs.get(0).root().isObject()) {
            throw new IOException(DIR + "/" + LOCK_FILE + " is empty");
        }
        YamlDocument d = docs.get(0);
        JsonNode root = d.root();
        if (root.path("lockVersion").asInt(0) != FORMAT) {
            throw new IOException(DIR + "/" + LOCK_FILE + ": lockVersion " + root.path("lockVersion") + " is not " + FORMAT
                    + " (written by another difyops version); run difyops schemas lock");
        }
        List<Source> sources = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root.path("sources")) {
            String base = "/sources/" + i;
            List<Read> reads = new ArrayList<>();
            for (JsonNode r : s.path("read")) {
                reads.add(new Read(r.path("url").asString(""), r.path("sha256").asString("")));
            }
            List<Kind> kinds = new ArrayList<>();
            int j = 0;
            for (JsonNode k : s.path("kinds")) {
                kinds.add(new Kind(k.path("apiVersion").asString(""), k.path("kind").asString(""), k.path("scope").asString(""),
                        k.path("format").asString("crd"), k.path("file").asString(""), k.path("sha256").asString(""),
                        d.map().find(base + "/kinds/" + j)));
                j++;
            }
            try {
                sources.add(new Source(Pin.Type.parse(s.path("type").asString("")), s.path("name").asString(""),
                        s.path("version").asString(""), s.path("requiredBy").asString(""), s.path("published").asString(""),
                        s.path("note").asString(""), reads, kinds,
                        d.map().find(base)));
            } catch (IllegalArgumentException e) {
                throw new IOException(DIR + "/" + LOCK_FILE + ":" + d.map().find(base).line() + ": " + e.getMessage());
            }
            i++;
        }
        return new SchemaLock(sources, Map.of());
    }

    /** lock.yaml's text: stable order, so that the same sources give the same bytes. */
    public String lockText() {
        StringBuilder b = new StringBuilder();
        b.append("# The schema lock: written by `difyops schemas lock`; do not edit by hand.\n");
        b.append("# Every source this repository installs, what was read for it (URL, sha256) and the kinds it\n");
        b.append("# yielded; each kind's schema is the file named, relative to this folder. README, \"Schemas\".\n");
        b.append("lockVersion: ").append(FORMAT).append('\n');
        b.append("sources:\n");
        for (Source s : sources) {
            b.append("  - type: ").append(s.type().label()).append('\n');
            b.append("    name: ").append(q(s.name())).append('\n');
            b.append("    version: ").append(q(s.version())).append('\n');
            if (!s.requiredBy().isEmpty()) {
                b.append("    requiredBy: ").append(q(s.requiredBy())).append('\n');
            }
            if (!s.published().isEmpty()) {
                b.append("    published: ").append(q(s.published())).append('\n');
            }
            if (!s.note().isEmpty()) {
                b.append("    note: ").append(q(s.note())).append('\n');
            }
            b.append("    read:").append(s.read().isEmpty() ? " []\n" : "\n");
            for (Read r : s.read()) {
                b.append("      - url: ").append(q(r.url())).append('\n');
                b.append("        sha256: ").append(r.sha256()).append('\n');
            }
            b.append("    kinds:").append(s.kinds().isEmpty() ? " []\n" : "\n");
            for (Kind k : s.kinds()) {
                b.append("      - apiVersion: ").append(q(k.apiVersion())).append('\n');
                b.append("        kind: ").append(q(k.kind())).append('\n');
                if (!k.scope().isEmpty()) {
                    b.append("        scope: ").append(k.scope()).append('\n');
                }
                b.append("        format: ").append(k.format()).append('\n');
                b.append("        file: ").append(q(k.file())).append('\n');
                b.append("        sha256: ").append(k.sha256()).append('\n');
            }
        }
        return b.toString();
    }

    /** A YAML scalar, double-quoted when plain style could change its meaning. */
    private static String q(String s) {
        if (s.matches("[A-Za-z0-9][A-Za-z0-9._/@+-]*") && !s.matches("(?i)(true|false|yes|no|on|off|null|~)")
                && !s.matches("[0-9.+-]+([eE][0-9+-]+)?")) {
            return s;
        }
        return Json.MAPPER.writeValueAsString(s);
    }

    /**
     * Writes {@code schemas/} as one step: the new folder is written beside the old one and swapped
     * in, so that an interrupted run leaves the old lock in place.
     */
    public void write(Path root) throws IOException {
        Path target = root.resolve(DIR);
        Path tmp = Files.createTempDirectory(root, ".schemas-new-");
        try {
            Files.writeString(tmp.resolve(LOCK_FILE), lockText(), StandardCharsets.UTF_8);
            for (var e : new TreeMap<>(files).entrySet()) {
                Path f = tmp.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(root, ".schemas-old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** The files under {@code schemas/} other than lock.yaml, relative, with forward slashes. */
    public static Map<String, Path> schemaFiles(Path root) throws IOException {
        Path dir = root.resolve(DIR);
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(LOCK_FILE)) {
                    out.put(rel, p);
                }
            }
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The locked sources by key. */
    public Map<String, Source> byKey() {
        Map<String, Source> m = new LinkedHashMap<>();
        sources.forEach(s -> m.put(s.key(), s));
        return m;
    }
}
