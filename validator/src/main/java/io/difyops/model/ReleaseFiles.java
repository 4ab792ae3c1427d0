package io.difyops.model;

import io.difyops.load.YamlDocument;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which files a release's values come from: the kustomize {@code configMapGenerator}s reachable
 * from the release's kustomization (through its resources and components), by generated ConfigMap
 * name. Paths are repository-relative.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    /** ConfigMap name to values file, for the kustomization in {@code dir} and the directories it includes. */
    public static Map<String, String> generatedValues(Map<String, java.util.List<YamlDocument>> docs, String dir) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(docs, dir, out, new HashSet<>());
        return out;
    }

    private static void walk(Map<String, java.util.List<YamlDocument>> docs, String dir, Map<String, String> out, Set<String> seen) {
        if (!seen.add(dir)) {
            return;
        }
        String prefix = dir.isEmpty() || dir.equals(".") ? "" : dir + "/";
        java.util.List<YamlDocument> k = docs.get(prefix + "kustomization.yaml");
        if (k == null || k.isEmpty()) {
            return;
        }
        JsonNode root = k.get(0).root();
        for (JsonNode g : root.path("configMapGenerator")) {
            for (JsonNode f : g.path("files")) {
                String s = f.asString("");
                out.putIfAbsent(g.path("name").asString(""), normalize(prefix + (s.contains("=") ? s.substring(s.indexOf('=') + 1) : s)));
            }
        }
        for (String key : java.util.List.of("resources", "components")) {
            for (JsonNode r : root.path(key)) {
                String target = normalize(prefix + r.asString(""));
                if (docs.containsKey(target + "/kustomization.yaml")) {
                    walk(docs, target, out, seen);
                }
            }
        }
    }

    public static String normalize(String rel) {
        String n = Path.of(rel).normalize().toString().replace('\\', '/');
        return n.isEmpty() ? "." : n;
    }

    public static String parent(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }
}
