package io.difyops.rules.upgrade;

import io.difyops.model.DifyRelease;
import io.difyops.chart.ChartLock;
import io.difyops.load.Resource;
import io.difyops.load.SourceMap;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.FieldPaths;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "values-unknown-key", severity = Severity.ERROR,
        summary = "A values key that the target dify chart does not have.",
        explanation = """
                Helm ignores values keys the chart does not read, so a typo (`externalRedis.hots`) or a
                key the chart renamed silently falls back to the default. Every key the release's
                values set must exist in the target chart's default values (from its lock file), except
                below maps the chart leaves open (`extraEnv`, `nodeSelector`, `annotations` and the
                like: empty maps, lists and nulls in the defaults).

                The message suggests the closest key, and for keys a release renamed it names the
                replacement: `externalPostgres` became `externalDatabase` and `triggerWorker` became
                `additionalWorkers` (3.9).
                """)
public final class ValuesUnknownKey implements RepositoryRule {
    static final Map<String, String> RENAMED = Map.of("externalPostgres", "externalDatabase", "triggerWorker", "additionalWorkers");

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<ChartLock> lock = DifyReleases.pinnedLock(ctx, hr);
            if (lock.isEmpty()) {
                continue;
            }
            Set<String> keys = new HashSet<>(lock.get().keys());
            Set<String> parents = new HashSet<>();
            for (String k : keys) {
                for (int i = k.indexOf('.'); i > 0; i = k.indexOf('.', i + 1)) {
                    parents.add(k.substring(0, i));
                }
            }
            for (DifyRelease.ValuesFile f : DifyReleases.valuesFiles(ctx, hr)) {
                walk(f, f.doc().root(), "", "", keys, parents, lock.get().version(), hr, out);
            }
        }
    }

    private static void walk(DifyRelease.ValuesFile f, JsonNode node, String path, String pointer, Set<String> keys, Set<String> parents,
                             String version, Resource hr, Findings out) {
        if (!node.isObject()) {
            return;
        }
        for (var e : node.properties()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            String ptr = pointer + "/" + SourceMap.escape(e.getKey());
            if (!keys.contains(p)) {
                String renamed = RENAMED.get(p);
                String hint = renamed != null ? " (it was renamed to " + renamed + ")" : suggestion(p, keys);
                out.report(ValuesUnknownKey.class, f.doc(), ptr, "dify " + version + " has no values key " + p + hint
                        + "; Helm would ignore it. Fix or remove it");
                continue;
            }
            if (parents.contains(p)) {
                walk(f, e.getValue(), p, ptr, keys, parents, version, hr, out);
            }
        }
    }

    private static String suggestion(String path, Set<String> keys) {
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot + 1);
        String name = path.substring(dot + 1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : keys) {
            if (k.startsWith(parent) && k.indexOf('.', parent.length()) < 0) {
                int d = FieldPaths.distance(name.toLowerCase(), k.substring(parent.length()).toLowerCase());
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? " (did you mean " + best + "?)" : "";
    }
}
