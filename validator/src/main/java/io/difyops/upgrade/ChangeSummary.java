package io.difyops.upgrade;

import io.difyops.chart.ChartValues;
import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.model.Base;
import io.difyops.model.DifyEnvironment;
import io.difyops.model.DifyRelease;
import io.difyops.model.Model;
import io.difyops.load.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reviewer's view of a change, per environment: the dify chart version and its upgrade path,
 * the values keys that changed, the images that changed, and the DifyEnvironment sizing fields that
 * changed.
 */
public final class ChangeSummary {
    /** One changed value: where, and before and after (null when absent). */
    public record Change(String file, String key, String before, String after) {
    }

    /** One environment's release. */
    public record Environment(String name, String file, String from, String to, List<String> path, List<Change> values, List<Change> images,
                              String headroomBefore, String headroomAfter) {
        /** Whether the change touches this environment's release at all (the version, a value, an image or the capacity). */
        public boolean changed() {
            return !Objects.equals(from, to) || !values.isEmpty() || !images.isEmpty() || !Objects.equals(headroomBefore, headroomAfter);
        }
    }

    private final String base;
    private java.nio.file.Path root;
    private final List<Environment> environments = new ArrayList<>();
    private final List<Change> sizing = new ArrayList<>();

    private ChangeSummary(String base) {
        this.base = base;
    }

    /**
     * The change from the base model to the working tree's: both loaded by the same loader, so a
     * release's values files, an environment's XRD defaults and the upgrade path (from the one
     * release catalog) are what {@code validate} sees. With {@code root}, the capacity headroom
     * before and after is computed from the lock files under it.
     */
    public static ChangeSummary of(Model now, Base base, ReleaseCatalog catalog, java.nio.file.Path root) {
        ChangeSummary s = new ChangeSummary(base.description());
        s.root = root;
        List<DifyEnvironment> envs = new ArrayList<>(now.difyEnvironments());
        envs.sort(java.util.Comparator.comparing(e -> e.resource().file()));
        for (DifyEnvironment e : envs) {
            JsonNode before = e.in(base.model()).map(b -> b.resource().node().path("spec")).orElse(null);
            for (Change c : changes(e.resource().file(), before, e.resource().node().path("spec"), "spec")) {
                s.sizing.add(new Change(e.name(), c.key(), c.before(), c.after()));
            }
        }
        java.util.Set<String> resized = new java.util.HashSet<>();
        s.sizing.forEach(c -> resized.add(c.file()));
        List<DifyRelease> releases = new ArrayList<>(now.difyReleases());
        releases.sort(java.util.Comparator.comparing(r -> r.resource().file()));
        for (DifyRelease r : releases) {
            Environment e = environment(now, r, base.model(), catalog, root);
            if (e.changed() || resized.contains(e.name())) {
                s.environments.add(e); // an environment the change does not touch is left out
            }
        }
        return s;
    }

    private static Environment environment(Model now, DifyRelease r, Model base, ReleaseCatalog catalog, java.nio.file.Path root) {
        Optional<DifyRelease> then = r.in(base);
        String to = r.versionText();
        String from = then.map(DifyRelease::versionText).orElse(null);
        List<String> path = new ArrayList<>();
        Optional<ChartVersion> a = ChartVersion.parse(from);
        Optional<ChartVersion> b = ChartVersion.parse(to);
        if (a.isPresent() && b.isPresent() && !a.get().equals(b.get())) {
            catalog.path(a.get(), b.get()).forEach(v -> path.add(v.toString()));
        }
        List<Change> values = new ArrayList<>();
        List<Change> images = new ArrayList<>();
        Map<String, JsonNode> thenFiles = new LinkedHashMap<>();
        then.ifPresent(t -> t.valuesFiles().forEach(f -> thenFiles.put(f.file(), f.doc().root())));
        for (DifyRelease.ValuesFile f : r.valuesFiles()) {
            JsonNode nowValues = f.doc().root();
            JsonNode thenValues = thenFiles.get(f.file());
            values.addAll(changes(f.file(), thenValues, nowValues, ""));
            Map<String, ChartValues.Image> oldImages = thenValues == null ? Map.of() : ChartValues.images(thenValues);
            for (ChartValues.Image img : ChartValues.images(nowValues).values()) {
                ChartValues.Image old = oldImages.get(img.path());
                if (old == null || !old.reference().equals(img.reference())) {
                    images.add(new Change(f.file(), img.path(), old == null ? null : old.reference(), img.reference()));
                }
            }
        }
        String headroomBefore = null;
        String headroomAfter = null;
        if (root != null) {
            Optional<DifyEnvironment> envNow = now.environment(r.environment());
            Optional<DifyEnvironment> envThen = envNow.flatMap(e -> e.in(base));
            headroomAfter = envNow.map(e -> headroom(root, to, r.mergedValues(), e.spec())).orElse(null);
            headroomBefore = from == null || then.isEmpty() ? null
                    : envThen.map(e -> headroom(root, from, then.get().mergedValues(), e.spec())).orElse(null);
        }
        return new Environment(r.environment(), r.resource().file(), from, to, path, values, images, headroomBefore, headroomAfter);
    }

    /** The capacity fit (rule capacity) as text, or null when the lock or the instance type is unknown. */
    private static String headroom(java.nio.file.Path root, String version, JsonNode values, JsonNode envSpec) {
        java.nio.file.Path lockFile = io.difyops.chart.ChartLock.file(root, "dify", version);
        if (!java.nio.file.Files.isRegularFile(lockFile)) {
            return null;
        }
        try {
            io.difyops.chart.ChartLock lock = io.difyops.chart.ChartLock.read(root, lockFile);
            String type = envSpec.at("/kubernetes/nodeInstanceType").asString("");
            int nodes = envSpec.at("/kubernetes/nodeCount").asInt(0);
            return io.difyops.sizing.Allocatable.type(type)
                    .map(t -> io.difyops.sizing.CapacityFit.of(lock, values, t, nodes).describe()).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Leaf values that differ between two trees (dotted keys under {@code prefix}). */
    static List<Change> changes(String file, JsonNode before, JsonNode after, String prefix) {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> b = new LinkedHashMap<>();
        flatten(before, prefix, a);
        flatten(after, prefix, b);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(new Change(file, k, a.get(k), b.get(k)));
            }
        }
        return out;
    }

    private static void flatten(JsonNode n, String path, Map<String, String> out) {
        if (n == null || n.isMissingNode() || path.isEmpty() && !n.isObject()) {
            return; // a document that is no mapping sets no key
        }
        if (n.isObject() && (!n.isEmpty() || path.isEmpty())) {
            for (var e : n.properties()) {
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else {
            out.put(path, n.isValueNode() ? n.asString("") : n.toString());
        }
    }

    public String text() {
        StringBuilder sb = new StringBuilder("Changes against " + base + "\n");
        if (environments.isEmpty() && sizing.isEmpty()) {
            sb.append("\nno environment changes\n");
        }
        for (Environment e : environments) {
            sb.append("\n").append(e.name()).append(" (").append(e.file()).append(")\n");
            sb.append("  chart dify: ").append(e.from() == null ? "(new) → " : Objects.equals(e.from(), e.to()) ? "unchanged at " : e.from() + " → ").append(e.to())
                    .append(e.path().size() > 2 ? "  path: " + String.join(" → ", e.path()) : "").append('\n');
            if (e.images().isEmpty() && e.values().isEmpty()) {
                sb.append("  no values or images changed\n");
            }
            if (e.headroomAfter() != null) {
                sb.append("  capacity before: ").append(str(e.headroomBefore())).append("\n  capacity after:  ").append(e.headroomAfter()).append('\n');
            }
            for (Change c : e.images()) {
                sb.append("  image ").append(c.key()).append(": ").append(c.before() == null ? "(none)" : c.before()).append(" → ").append(c.after()).append('\n');
            }
            for (Change c : e.values()) {
                sb.append("  value ").append(c.file()).append(" ").append(c.key()).append(": ").append(str(c.before())).append(" → ").append(str(c.after())).append('\n');
            }
        }
        if (!sizing.isEmpty()) {
            sb.append("\nDifyEnvironment sizing\n");
            for (Change c : sizing) {
                sb.append("  ").append(c.file()).append(" ").append(c.key()).append(": ").append(str(c.before())).append(" → ").append(str(c.after())).append('\n');
            }
        }
        return sb.toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("## difyops diff (against " + base + ")\n");
        if (environments.isEmpty() && sizing.isEmpty()) {
            sb.append("\nNo environment changes.\n");
        }
        for (Environment e : environments) {
            sb.append("\n### ").append(e.name()).append("\n\n**chart dify** ")
                    .append(e.from() == null ? "(new) → " : Objects.equals(e.from(), e.to()) ? "unchanged at " : "`" + e.from() + "` → ")
                    .append("`").append(e.to()).append("`").append(e.path().size() > 2 ? " (path: " + String.join(" → ", e.path()) + ")" : "").append("\n");
            if (e.headroomAfter() != null) {
                sb.append("\ncapacity: before ").append(str(e.headroomBefore())).append("; after ").append(e.headroomAfter()).append("\n");
            }
            if (!e.images().isEmpty()) {
                sb.append("\n| image | before | after |\n|---|---|---|\n");
                e.images().forEach(c -> sb.append("| `").append(c.key()).append("` | `").append(str(c.before())).append("` | `").append(c.after()).append("` |\n"));
            }
            if (!e.values().isEmpty()) {
                sb.append("\n| values file | key | before | after |\n|---|---|---|---|\n");
                e.values().forEach(c -> sb.append("| `").append(c.file()).append("` | `").append(c.key()).append("` | `").append(str(c.before()))
                        .append("` | `").append(str(c.after())).append("` |\n"));
            }
        }
        if (!sizing.isEmpty()) {
            sb.append("\n### DifyEnvironment sizing\n\n| environment | field | before | after |\n|---|---|---|---|\n");
            sizing.forEach(c -> sb.append("| ").append(c.file()).append(" | `").append(c.key()).append("` | ").append(str(c.before()))
                    .append(" | ").append(str(c.after())).append(" |\n"));
        }
        return sb.toString();
    }

    public String json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        root.put("base", base);
        ArrayNode envs = root.putArray("environments");
        for (Environment e : environments) {
            ObjectNode o = envs.addObject();
            o.put("name", e.name());
            o.put("file", e.file());
            o.put("from", e.from());
            o.put("to", e.to());
            o.put("capacityBefore", e.headroomBefore());
            o.put("capacityAfter", e.headroomAfter());
            ArrayNode p = o.putArray("path");
            e.path().forEach(p::add);
            changesJson(o.putArray("images"), e.images());
            changesJson(o.putArray("values"), e.values());
        }
        changesJson(root.putArray("sizing"), sizing);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void changesJson(ArrayNode a, List<Change> changes) {
        for (Change c : changes) {
            a.addObject().put("file", c.file()).put("key", c.key()).put("before", c.before()).put("after", c.after());
        }
    }

    private static String str(String s) {
        return s == null ? "(none)" : s;
    }

    public List<Environment> environments() {
        return environments;
    }

    public List<Change> sizing() {
        return sizing;
    }
}
