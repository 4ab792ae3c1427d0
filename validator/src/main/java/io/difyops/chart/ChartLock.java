package io.difyops.chart;

import io.difyops.load.Json;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one pinned chart version is, recorded in the repository so that the gate works offline and
 * reviewers see what an upgrade brings: {@code charts-values/locks/<chart>-<version>.lock.yaml}.
 * Written only by {@code difyops lock} (and {@code difyops bump}).
 */
public record ChartLock(String chart, String version, String repository, String digest, String appVersion,
                        Map<String, ChartValues.Image> images, List<String> keys, Map<String, JsonNode> components,
                        List<String> publishedSecrets) {

    public static final String DIRECTORY = "charts-values/locks";

    public static Path file(Path root, String chart, String version) {
        return root.resolve(DIRECTORY).resolve(chart + "-" + version + ".lock.yaml");
    }

    public static ChartLock of(ChartArchive archive, String repository, String digest) {
        if (ChartValues.images(archive.values()).isEmpty()) {
            // a lock without images would let every image setting pass unchecked
            throw new IllegalArgumentException("chart " + archive.name() + " " + archive.version() + " names no image in its values; "
                    + "a lock with no images is refused");
        }
        return new ChartLock(archive.name(), archive.version(), repository, digest, archive.appVersion(),
                ChartValues.images(archive.values()), ChartValues.keyPaths(archive.values()), ChartValues.components(archive.values()),
                ChartValues.publishedSecrets(archive.values()));
    }

    public ChartValues.Image image(String path) {
        return images.get(path);
    }

    public String toYaml() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("chart", chart);
        root.put("version", version);
        root.put("repository", repository);
        root.put("digest", digest);
        root.put("appVersion", appVersion);
        Map<String, Object> imgs = new LinkedHashMap<>();
        images.values().forEach(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repository", i.repository());
            m.put("tag", i.tag());
            if (i.plain()) {
                m.put("plain", true);
            }
            imgs.put(i.path(), m);
        });
        root.put("images", imgs);
        Map<String, Object> comps = new LinkedHashMap<>();
        components.forEach((k, v) -> comps.put(k, Json.MAPPER.convertValue(v, Object.class)));
        root.put("components", comps);
        root.put("publishedSecrets", publishedSecrets);
        root.put("keys", keys);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(200).build();
        return "# Written by difyops (difyops lock / difyops bump). Do not edit by hand.\n" + new Dump(settings).dumpToString(root);
    }

    /** Writes atomically. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".lock", ".tmp");
        Files.writeString(tmp, toYaml(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ChartLock parse(String text) throws IOException {
        Findings problems = new Findings();
        var docs = new YamlReader(Limits.DEFAULT, true).read("lock", text, problems);
        if (docs.isEmpty() || !problems.isEmpty()) {
            throw new IOException("not a chart lock file" + (problems.isEmpty() ? "" : ": " + problems.list().get(0).message()));
        }
        JsonNode n = docs.get(0).root();
        shape(n);
        Map<String, ChartValues.Image> images = new LinkedHashMap<>();
        for (var e : n.path("images").properties()) {
            JsonNode t = e.getValue().get("tag");
            images.put(e.getKey(), new ChartValues.Image(e.getKey(), e.getValue().path("repository").asString(""),
                    t == null || t.isNull() ? null : t.asString(""), e.getValue().path("plain").asBoolean(false)));
        }
        List<String> keys = new ArrayList<>();
        n.path("keys").forEach(k -> keys.add(k.asString("")));
        Map<String, JsonNode> comps = new LinkedHashMap<>();
        for (var e : n.path("components").properties()) {
            comps.put(e.getKey(), e.getValue());
        }
        List<String> published = new ArrayList<>();
        n.path("publishedSecrets").forEach(k -> published.add(k.asString("")));
        return new ChartLock(n.path("chart").asString(""), n.path("version").asString(""), n.path("repository").asString(""),
                n.path("digest").asString(""), n.path("appVersion").asString(""), images, keys, comps, published);
    }

    /** The lock's own shape, so that a hand-edited lock is refused with where, not misread. */
    private static void shape(JsonNode n) throws IOException {
        if (!n.isObject()) {
            throw new IOException("not a chart lock file: the document is not a mapping");
        }
        for (String scalar : List.of("chart", "version", "repository", "digest", "appVersion")) {
            if (n.has(scalar) && !n.get(scalar).isValueNode()) {
                throw new IOException("not a chart lock file: " + scalar + " must be a string");
            }
        }
        for (String list : List.of("keys", "publishedSecrets")) {
            if (n.has(list) && !(n.get(list).isArray() && n.get(list).valueStream().allMatch(JsonNode::isString))) {
                throw new IOException("not a chart lock file: " + list + " must be a list of strings");
            }
        }
        for (String map : List.of("images", "components")) {
            if (n.has(map) && !n.get(map).isObject()) {
                throw new IOException("not a chart lock file: " + map + " must be a mapping");
            }
        }
        for (var e : n.path("images").properties()) {
            JsonNode i = e.getValue();
            if (!i.isObject() || !i.path("repository").isString() || i.has("tag") && !i.get("tag").isValueNode()) {
                throw new IOException("not a chart lock file: images." + e.getKey() + " must hold a repository and a tag, both strings");
            }
        }
    }

    /** Reads a lock of the repository at {@code root} (never through a link out of it). */
    public static ChartLock read(Path root, Path file) throws IOException {
        return parse(io.difyops.load.RepoFile.read(root, file));
    }

    /** The ways this lock and another description of the same chart version differ, for messages. */
    public List<String> differences(ChartLock other) {
        List<String> out = new ArrayList<>();
        if (!digest.isEmpty() && !other.digest.isEmpty() && !digest.equalsIgnoreCase(other.digest)) {
            out.add("digest " + digest + " vs " + other.digest);
        }
        for (var e : other.images.entrySet()) {
            ChartValues.Image mine = images.get(e.getKey());
            if (mine == null || !mine.reference().equals(e.getValue().reference())) {
                out.add(e.getKey() + ": " + (mine == null ? "missing" : mine.reference()) + " vs " + e.getValue().reference());
            }
        }
        if (!keys.equals(other.keys)) {
            out.add("the set of value keys differs");
        }
        return out;
    }

    /** A mutable copy of the default values' components. */
    public ObjectNode componentsNode() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        components.forEach(o::set);
        return o;
    }
}
