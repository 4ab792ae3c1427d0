package io.difyops.chart;

import io.difyops.load.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Dify Enterprise releases in the upstream format of {@code https://ee.dify.ai/releases/catalog.json}
 * ({@code schemaVersion: 1}). The repository keeps a copy, {@code charts-values/dify-releases.json};
 * the upstream catalog, when reachable, is merged over it.
 */
public final class ReleaseCatalog {
    public static final String UPSTREAM = "https://ee.dify.ai/releases/catalog.json";
    public static final String REPOSITORY_COPY = "charts-values/dify-releases.json";

    /** One release; {@code reasons} are the stop kinds' labels and the summary. */
    public record Release(ChartVersion version, String track, boolean unskippable, String reason) {
    }

    private final Map<String, Release> releases = new LinkedHashMap<>();

    public static ReleaseCatalog empty() {
        return new ReleaseCatalog();
    }

    /** Reads the catalog JSON; throws {@link IllegalArgumentException} when it is not schemaVersion 1. */
    public static ReleaseCatalog parse(String json) {
        JsonNode root = Json.parse(json);
        if (root.path("schemaVersion").asInt(0) != 1) {
            throw new IllegalArgumentException("release catalog: schemaVersion must be 1");
        }
        ReleaseCatalog c = new ReleaseCatalog();
        c.merge(root);
        return c;
    }

    /**
     * The one catalog every command uses: the repository's copy, with the upstream catalog
     * ({@code url}, else {@link #UPSTREAM}; {@code off} for none) merged over it when online and
     * reachable. It changes, so it is never cached; an unreadable upstream leaves the copy in charge.
     */
    public static ReleaseCatalog load(Path root, boolean offline, String url) throws IOException {
        Path copy = root.resolve(REPOSITORY_COPY);
        ReleaseCatalog catalog = Files.exists(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? parse(io.difyops.load.RepoFile.read(root, copy)) : empty();
        String from = url != null ? url : UPSTREAM;
        if (offline || "off".equals(from) || !Files.isRegularFile(copy)) {
            return catalog;
        }
        try {
            io.difyops.net.Http.Response r = new io.difyops.net.Http(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(20)).get(from);
            if (r.ok()) {
                catalog.merge(parse(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (IOException | RuntimeException e) {
            // the repository copy stays in charge
        }
        return catalog;
    }


    /** Adds or replaces the releases of another catalog document (upstream wins). */
    public void merge(JsonNode root) {
        for (JsonNode r : root.path("releases")) {
            ChartVersion.parse(r.path("version").asString("")).ifPresent(v -> {
                List<String> why = new ArrayList<>();
                for (JsonNode k : r.path("stopKinds")) {
                    why.add(k.path("label").asString(k.path("kind").asString("")));
                }
                String summary = r.path("stopSummary").asString("");
                String reason = String.join(", ", why) + (summary.isEmpty() ? "" : (why.isEmpty() ? "" : ": ") + summary);
                releases.put(v.base().toString(), new Release(v, r.path("track").asString(""), r.path("unskippable").asBoolean(false), reason));
            });
        }
    }

    public void merge(ReleaseCatalog other) {
        releases.putAll(other.releases);
    }

    /** Unskippable releases R with from < R < to, in order. */
    public List<Release> stopsBetween(ChartVersion from, ChartVersion to) {
        return releases.values().stream().filter(Release::unskippable)
                .filter(r -> r.version().compareTo(from) > 0 && r.version().compareTo(to) < 0)
                .sorted(Comparator.comparing(Release::version)).toList();
    }

    /**
     * The upgrade path from {@code from} to {@code to}: {@code from}, every stop between them, then
     * {@code to}; just the two ends when nothing stands between (or for a downgrade). The one place
     * that decides the path, for validate, bump and diff alike.
     */
    public List<ChartVersion> path(ChartVersion from, ChartVersion to) {
        List<ChartVersion> out = new java.util.ArrayList<>();
        out.add(from);
        if (to.compareTo(from) > 0) {
            stopsBetween(from, to).forEach(r -> out.add(r.version()));
        }
        out.add(to);
        return out;
    }

    /** Unskippable releases R with from < R <= to. */
    public List<Release> stopsUpTo(ChartVersion from, ChartVersion to) {
        return releases.values().stream().filter(Release::unskippable)
                .filter(r -> r.version().compareTo(from) > 0 && r.version().compareTo(to) <= 0)
                .sorted(Comparator.comparing(Release::version)).toList();
    }

    public List<Release> all() {
        return List.copyOf(releases.values());
    }
}
