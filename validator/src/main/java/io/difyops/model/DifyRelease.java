package io.difyops.model;

import io.difyops.chart.ChartVersion;
import io.difyops.load.Json;
import io.difyops.load.Resource;
import io.difyops.load.YamlDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Helm release of the dify chart in one environment ({@code clusters/<env>/}): its chart
 * version, the values files it reads (kustomize {@code configMapGenerator}s named in
 * {@code valuesFrom}, in order), which file set each key, and the values as Helm merges them.
 * The one place that decides "is this the dify release" and "what are its values".
 */
public final class DifyRelease {
    public static final String CHART = "dify";

    /** A values file of the release and its parsed document. */
    public record ValuesFile(String file, YamlDocument doc) {
    }

    private final Model model;
    private final Resource resource;

    DifyRelease(Model model, Resource resource) {
        this.model = model;
        this.resource = resource;
    }

    public static boolean isDify(JsonNode n) {
        return "HelmRelease".equals(n.path("kind").asString("")) && n.path("apiVersion").asString("").startsWith("helm.toolkit.fluxcd.io/")
                && CHART.equals(n.at("/spec/chart/spec/chart").asString(""));
    }

    public static boolean isDify(Resource r) {
        return r.origin() != Resource.Origin.PATCH && isDify(r.node());
    }

    public Resource resource() {
        return resource;
    }

    public String versionText() {
        return resource.node().at("/spec/chart/spec/version").asString("");
    }

    public Optional<ChartVersion> version() {
        return ChartVersion.parse(versionText());
    }

    /** The release's folder: the kustomization that rendered it, or its file's folder. */
    public String directory() {
        return resource.renderedBy() != null ? resource.renderedBy() : ReleaseFiles.parent(resource.file());
    }

    /** The environment's name: the last segment of the release's folder ({@code clusters/<env>}). */
    public String environment() {
        String dir = directory();
        return dir.substring(dir.lastIndexOf('/') + 1);
    }

    private volatile List<ValuesFile> valuesFiles;
    private volatile ObjectNode mergedValues;

    /** The values files in valuesFrom order (found once per release: every values rule asks). */
    public List<ValuesFile> valuesFiles() {
        List<ValuesFile> v = valuesFiles;
        if (v == null) {
            v = List.copyOf(findValuesFiles());
            valuesFiles = v;
        }
        return v;
    }

    private List<ValuesFile> findValuesFiles() {
        Map<String, String> generated = ReleaseFiles.generatedValues(model.documents(), directory());
        List<ValuesFile> out = new ArrayList<>();
        for (JsonNode ref : resource.node().path("spec").path("valuesFrom")) {
            if ("ConfigMap".equals(ref.path("kind").asString(""))) {
                String file = generated.get(ref.path("name").asString(""));
                List<YamlDocument> docs = file == null ? null : model.documents().get(file);
                if (docs != null && !docs.isEmpty()) {
                    out.add(new ValuesFile(file, docs.get(0)));
                } else if (docs != null) {
                    // an empty or comment-only values file sets nothing: an empty mapping, as Helm reads it
                    out.add(new ValuesFile(file, new YamlDocument(file, 0, Json.MAPPER.createObjectNode(),
                            new io.difyops.load.SourceMap(io.difyops.diag.Position.START))));
                }
            }
        }
        return out;
    }

    /**
     * The values as Helm merges the values files (in valuesFrom order) and spec.values; no chart defaults.
     * Merged once per release and shared by every rule: read it, never change it.
     */
    public ObjectNode mergedValues() {
        ObjectNode v = mergedValues;
        if (v == null) {
            v = merge();
            mergedValues = v;
        }
        return v;
    }

    private ObjectNode merge() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (ValuesFile f : valuesFiles()) {
            if (f.doc().root() instanceof ObjectNode o) {
                merge(out, o);
            }
        }
        if (resource.node().path("spec").path("values") instanceof ObjectNode v) {
            merge(out, v);
        }
        return out;
    }

    /** For every leaf key (dotted path), the values file that sets it last ({@code spec.values} for inline values). */
    public Map<String, String> keySources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ValuesFile f : valuesFiles()) {
            leaves(f.doc().root(), "", f.file(), out);
        }
        leaves(resource.node().path("spec").path("values"), "", resource.file() + "#spec.values", out);
        return out;
    }

    /** Key paths that valuesFrom sets from Secrets or ConfigMaps with targetPath. */
    public Set<String> targetPaths() {
        Set<String> out = new HashSet<>();
        resource.node().path("spec").path("valuesFrom").forEach(v -> {
            if (v.has("targetPath")) {
                out.add(v.path("targetPath").asString(""));
            }
        });
        return out;
    }

    /** Where the chart comes from: the given override, else the URL of the HelmRepository the release names. */
    public Optional<String> chartSource(String override) {
        if (override != null) {
            return Optional.of(override);
        }
        JsonNode ref = resource.node().at("/spec/chart/spec/sourceRef");
        String ns = ref.path("namespace").asString(resource.namespace());
        String name = ref.path("name").asString("");
        return model.resources().stream()
                .filter(r -> "HelmRepository".equals(r.kind()) && r.gvk().group().equals("source.toolkit.fluxcd.io"))
                .filter(r -> r.name().equals(name) && (r.namespace().equals(ns) || r.namespace().isEmpty()))
                .map(r -> r.node().path("spec").path("url").asString("")).filter(u -> !u.isEmpty()).findFirst();
    }

    /** The same release in another model (the base): same file, same name. */
    public Optional<DifyRelease> in(Model other) {
        return other.difyReleases().stream()
                .filter(r -> r.resource.file().equals(resource.file()) && r.resource.name().equals(resource.name())).findFirst();
    }

    private static void leaves(JsonNode n, String path, String file, Map<String, String> out) {
        if (n.isObject()) {
            for (var e : n.properties()) {
                leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), file, out);
            }
        } else if (!path.isEmpty() && !n.isMissingNode()) {
            out.put(path, file);
        }
    }

    static void merge(ObjectNode into, ObjectNode from) {
        for (var e : from.properties()) {
            if (into.get(e.getKey()) instanceof ObjectNode a && e.getValue() instanceof ObjectNode b) {
                merge(a, b);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
