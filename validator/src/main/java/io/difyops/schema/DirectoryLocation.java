package io.difyops.schema;

import io.difyops.load.Gvk;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.rules.Findings;
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
    private final Path dir;
    private Map<String, Path> jsonFiles;
    private Map<Gvk, CrdConverter.Version> crds;

    public DirectoryLocation(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    private synchronized void index() {
        if (jsonFiles != null) {
            return;
        }
        jsonFiles = new HashMap<>();
        crds = new HashMap<>();
        YamlReader reader = new YamlReader(Limits.DEFAULT, false);
        try (Stream<Path> s = Files.walk(dir, 3)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/').toLowerCase(Locale.ROOT);
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".json")) {
                    jsonFiles.putIfAbsent(rel, p);
                } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    List<YamlDocument> docs = reader.read(p.toString(), Files.readString(p), new Findings());
                    for (YamlDocument d : docs) {
                        if (CrdConverter.isCrd(d.root()) || CrdConverter.isXrd(d.root())) {
                            for (CrdConverter.Version v : CrdConverter.versions(d.root())) {
                                crds.putIfAbsent(new Gvk(v.group(), v.version(), v.kind()), v);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public SchemaSource find(Gvk gvk, boolean strict) {
        index();
        CrdConverter.Version v = crds.get(gvk);
        if (v != null) {
            return new SchemaSource(CrdConverter.toJsonSchema(v, strict), null, "CRD in " + dir);
        }
        for (String name : candidateNames(gvk)) {
            Path p = jsonFiles.get(name);
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
