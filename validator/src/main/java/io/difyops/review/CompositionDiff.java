package io.difyops.review;

import io.difyops.render.CompositionRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a change does to an environment's cloud resources: its Composition rendered offline (as
 * {@code difyops render} shows it) at the base and now, compared by composed resource name.
 */
public final class CompositionDiff {
    /** One composed resource that is added, removed, or whose desired state changes ({@code fields}: key, before, after). */
    public record Change(String resource, String kind, String action, List<String[]> fields) {
    }

    private CompositionDiff() {
    }

    /** The changes from {@code before} (null: the environment is new) to {@code after} (null: it is gone). */
    public static List<Change> of(CompositionRenderer.Result before, CompositionRenderer.Result after) {
        Map<String, JsonNode> a = byName(before);
        Map<String, JsonNode> b = byName(after);
        List<Change> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            JsonNode x = a.get(name);
            JsonNode y = b.get(name);
            String kind = (y != null ? y : x).path("kind").asString("");
            if (x == null) {
                out.add(new Change(name, kind, "added", List.of()));
            } else if (y == null) {
                out.add(new Change(name, kind, "removed", List.of()));
            } else if (!x.equals(y)) {
                out.add(new Change(name, kind, "changed", fields(x, y)));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> byName(CompositionRenderer.Result r) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (r != null) {
            r.composed().forEach(c -> m.put(c.name(), c.object()));
        }
        return m;
    }

    /** Leaf fields under spec that differ (metadata and status are Crossplane's, not the change's). */
    private static List<String[]> fields(JsonNode x, JsonNode y) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        flatten(x.path("spec"), "spec", a);
        flatten(y.path("spec"), "spec", b);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String[]> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(new String[] {k, a.get(k), b.get(k)});
            }
        }
        return out;
    }

    private static void flatten(JsonNode n, String path, Map<String, String> out) {
        if (n.isObject() && !n.isEmpty()) {
            for (var e : n.properties()) {
                flatten(e.getValue(), path + "." + e.getKey(), out);
            }
        } else if (n.isArray() && !n.isEmpty()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(n.get(i), path + "[" + i + "]", out);
            }
        } else if (!n.isMissingNode()) {
            out.put(path, n.isValueNode() ? n.asString("") : n.toString());
        }
    }
}
