package io.difyops.model;

import io.difyops.chart.ChartVersion;
import io.difyops.config.Options;
import io.difyops.git.BaseCache;
import io.difyops.git.BaseRevision;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The base of a change as a model: the base commit's tree written to a temporary folder and read
 * by the same loader as the working tree (kustomizations rendered), so that every rule compares
 * like with like; and, read once before the rules run, each Dify release's previous chart version
 * along the base's history (for telling a rollback from a downgrade). Rules never touch git.
 */
public record Base(Model model, String description, Map<String, ChartVersion> previousVersions) {
    private static final int HISTORY = 500;

    public static Base load(BaseRevision rev, Options o, Model now) throws IOException {
        Map<String, ChartVersion> previous = new HashMap<>();
        for (DifyRelease r : now.difyReleases()) {
            previous(rev, r.resource().file(), r.resource().name()).ifPresent(v -> previous.put(key(r), v));
        }
        java.util.Set<String> top = topLevel(now);
        if (rev.isWorkTree(top)) {
            return new Base(now, rev.describe(), previous); // nothing changed since the base: read it once
        }
        Path dir = Files.createTempDirectory("difyops-base-");
        try {
            rev.checkout(dir, o.limits().maxFileBytes());
            Model loaded;
            try {
                loaded = Loader.load(o.at(dir), List.of(dir)).model();
            } catch (Loader.LoadException e) {
                throw new IOException("the base " + rev.describe() + " cannot be read: " + e.getMessage());
            }
            Model model = new Model(o.root(), List.of(), loaded.documents(), loaded.resources());
            return new Base(model, rev.describe(), previous);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The base from what an earlier run with the same git state recorded ({@link BaseCache}), when that is enough:
     * the base is HEAD, the work tree under what was loaded is HEAD's tree byte for byte (so the base reads as
     * the work tree), and the previous version of every release was recorded. Otherwise empty: git decides.
     */
    public static Optional<Base> fromCache(BaseCache.Entry e, Options o, Model now) {
        if (!e.headIsBase() || e.tree() == null) {
            return Optional.empty();
        }
        Map<String, ChartVersion> previous = new HashMap<>();
        for (DifyRelease r : now.difyReleases()) {
            String v = e.previous(r.resource().file(), r.resource().name());
            if (v == null) {
                return Optional.empty();
            }
            if (!v.isEmpty()) {
                Optional<ChartVersion> parsed = ChartVersion.parse(v);
                if (parsed.isEmpty()) {
                    return Optional.empty();
                }
                previous.put(key(r), parsed.get());
            }
        }
        if (!BaseCache.workTreeMatches(o.root(), e.tree(), topLevel(now))) {
            return Optional.empty();
        }
        return Optional.of(new Base(now, e.description(), previous));
    }

    /** Records in the base cache what git told about this base (its tree, each release's previous version). */
    public static void record(java.nio.file.Path entry, BaseRevision rev, Base b, Model now) {
        BaseCache.record(entry, rev, n -> {
            var p = n.has("previous") && n.get("previous").isObject() ? (tools.jackson.databind.node.ObjectNode) n.get("previous")
                    : n.putObject("previous");
            for (DifyRelease r : now.difyReleases()) {
                p.put(key(r), b.previousVersions().containsKey(key(r)) ? b.previousVersions().get(key(r)).toString() : "");
            }
        });
    }

    /** The top-level names (folders, or files at the root) the loader read. */
    private static java.util.Set<String> topLevel(Model now) {
        java.util.Set<String> top = new java.util.TreeSet<>();
        now.documents().keySet().forEach(f -> top.add(f.contains("/") ? f.substring(0, f.indexOf('/')) : f));
        return top;
    }

    /** The chart version the base had before its most recent chart-version change of the release's file. */
    public Optional<ChartVersion> previousVersion(DifyRelease r) {
        return Optional.ofNullable(previousVersions.get(key(r)));
    }

    private static String key(DifyRelease r) {
        return r.resource().file() + "|" + r.resource().name();
    }

    private static Optional<ChartVersion> previous(BaseRevision rev, String file, String name) throws IOException {
        String current = null;
        for (BaseRevision.FileVersion v : rev.history(file, HISTORY)) {
            String text = v.text() == null ? null : versionIn(v.text(), name).orElse(null);
            if (current == null) {
                current = text;
            } else if (text != null && !text.equals(current)) {
                return ChartVersion.parse(text);
            }
        }
        return Optional.empty();
    }

    /** The chart version of the HelmRelease named {@code name} in a file's text. */
    static Optional<String> versionIn(String text, String name) {
        for (YamlDocument d : new YamlReader(Limits.DEFAULT, false).read("base", text, new Findings())) {
            JsonNode n = d.root();
            if ("HelmRelease".equals(n.path("kind").asString("")) && name.equals(n.path("metadata").path("name").asString(""))) {
                String v = n.path("spec").path("chart").path("spec").path("version").asString("");
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
