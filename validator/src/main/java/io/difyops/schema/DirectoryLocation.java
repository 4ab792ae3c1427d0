package io.difyops.schema;

import io.difyops.load.Gvk;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of CRD (or XRD) YAML files and/or JSON Schemas. JSON Schemas are found by the names
 * kubeconform gives them ({@code {kind}-{group's first label}-{version}.json}, core kinds
 * {@code {kind}-{version}.json}), by flux-schema's layout ({@code {group}/{kind}_{version}.json},
 * core kinds under {@code core/}), or by openapi2jsonschema's flat {@code {kind}_{version}.json}.
 * Indexed on first use.
 */
public final class DirectoryLocation implements SchemaLocation {
    /**
     * A directory's index, shared by every run in this JVM until a file in it changes: JSON Schema
     * file names, and the YAML files by the API groups they mention. A YAML file is parsed only when
     * a lookup asks for one of its groups.
     */
    private static final class Index {
        final long stamp;
        final Map<String, Path> jsonFiles = new HashMap<>();
        final Map<String, List<Path>> yamlByGroup = new HashMap<>();
        final Map<String, Map<Gvk, CrdConverter.Version>> crdsByGroup = new java.util.concurrent.ConcurrentHashMap<>();

        Index(long stamp) {
            this.stamp = stamp;
        }
    }

    private static final Map<Path, Index> INDEXES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("(?m)^[ \\t]*group:[ \\t]*['\"]?([A-Za-z0-9.-]+)");

    private final Path dir;
    private Index index;

    public DirectoryLocation(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    private synchronized Index index() {
        if (index != null) {
            return index;
        }
        long stamp = stamp();
        Index cached = INDEXES.get(dir);
        if (cached != null && cached.stamp == stamp) {
            index = cached;
            return index;
        }
        Index built = new Index(stamp);
        try (Stream<Path> s = Files.walk(dir, 3)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/').toLowerCase(Locale.ROOT);
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".json")) {
                    built.jsonFiles.putIfAbsent(rel, p);
                } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    var m = GROUP.matcher(Files.readString(p));
                    java.util.Set<String> groups = new java.util.HashSet<>();
                    while (m.find()) {
                        groups.add(m.group(1));
                    }
                    for (String g : groups) {
                        built.yamlByGroup.computeIfAbsent(g, k -> new java.util.ArrayList<>()).add(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        INDEXES.put(dir, built);
        index = built;
        return index;
    }

    /** The CRDs and XRDs of one API group in this directory, parsed on first use. */
    private static Map<Gvk, CrdConverter.Version> crdsOf(Index idx, String group) {
        return idx.crdsByGroup.computeIfAbsent(group, g -> {
            Map<Gvk, CrdConverter.Version> out = new HashMap<>();
            YamlReader reader = new YamlReader(Limits.DEFAULT, false);
            for (Path p : idx.yamlByGroup.getOrDefault(g, List.of())) {
                try {
                    for (YamlDocument d : reader.read(p.toString(), Files.readString(p), new Findings())) {
                        if ((CrdConverter.isCrd(d.root()) || CrdConverter.isXrd(d.root())) && CrdConverter.shapeProblem(d.root()).isEmpty()) {
                            for (CrdConverter.Version v : CrdConverter.versions(d.root())) {
                                out.putIfAbsent(new Gvk(v.group(), v.version(), v.kind()), v);
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        });
    }

    /** The newest modification time (and count) of the files below the directory. */
    private long stamp() {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            long[] acc = {0, 0};
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    acc[0] = Math.max(acc[0], Files.getLastModifiedTime(p).toMillis());
                    acc[1]++;
                } catch (IOException e) {
                    acc[1] += 1000;
                }
            });
            return acc[0] * 31 + acc[1];
        } catch (IOException e) {
            return System.nanoTime();
        }
    }

    @Override
    public SchemaSource find(Gvk gvk, boolean strict) {
        Index idx = index();
        CrdConverter.Version v = gvk.group().isEmpty() ? null : crdsOf(idx, gvk.group()).get(gvk);
        if (v != null) {
            return new SchemaSource(CrdConverter.toJsonSchema(v, strict), null, "CRD in " + dir);
        }
        for (String name : candidateNames(gvk)) {
            Path p = idx.jsonFiles.get(name);
            if (p != null) {
                return new SchemaSource(null, p.toUri().toString(), p.toString());
            }
        }
        return null;
    }

    /** The file names a JSON Schema for the kind may have, in the order they are tried. */
    static List<String> candidateNames(Gvk gvk) {
        String kind = gvk.kind().toLowerCase(Locale.ROOT);
        String version = gvk.version().toLowerCase(Locale.ROOT);
        String group = gvk.group().toLowerCase(Locale.ROOT);
        if (group.isEmpty()) {
            return List.of(kind + "-" + version + ".json", "core/" + kind + "_" + version + ".json", kind + "_" + version + ".json");
        }
        String first = group.contains(".") ? group.substring(0, group.indexOf('.')) : group;
        return List.of(kind + "-" + first + "-" + version + ".json", group + "/" + kind + "_" + version + ".json",
                kind + "_" + version + ".json");
    }
}
