package io.difyops.rules.environment;

import io.difyops.diag.Findings;
import io.difyops.diag.Located;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.load.SourceMap;
import io.difyops.model.DifyEnvironment;
import io.difyops.model.DifyRelease;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "environment-region", severity = Severity.ERROR,
        summary = "A region other than the environment's own in its release, values or cluster files (a leftover of a copy).",
        explanation = """
                An environment runs in the region of its `DifyEnvironment` (`spec.region`). Its Dify
                values name that region again: the OSS and AnalyticDB regions, and the in-region registry
                mirror that images are pulled through (`difyops-registry.cn-hangzhou.cr.aliyuncs.com/...`).
                When an environment is made by copying another, those values keep the old region: the
                pods then pull across regions (or not at all) and talk to storage elsewhere.

                Every Alibaba Cloud region id (`cn-…`, `ap-…`, `us-…`, `eu-…`, `me-…`) in the release's
                values files and in `clusters/<env>/` must be the environment's region:

                ```yaml
                # clusters/dev's values, DifyEnvironment dev in cn-beijing
                persistence:
                  aliyunOss:
                    region: cn-shanghai        # refused: use cn-beijing
                ```

                `difyops env new` writes a new environment with its region everywhere.
                """)
public final class EnvironmentRegion implements RepositoryRule {
    /** An Alibaba Cloud region id, alone or inside a host name or zone id. */
    static final Pattern REGION = Pattern.compile("(?<![a-z0-9])((?:cn|ap|us|eu|me|na|sa)-[a-z]+(?:-[0-9]+)?)(?![a-z0-9])");

    @Override
    public void check(RuleContext ctx, Findings out) {
        // the objects by file, so that each release reads its own folder's (a fleet has thousands of folders)
        java.util.NavigableMap<String, List<Resource>> byFile = new java.util.TreeMap<>();
        for (Resource r : ctx.model().resources()) {
            if (r.origin() != Resource.Origin.PATCH) {
                byFile.computeIfAbsent(r.file(), k -> new java.util.ArrayList<>()).add(r);
            }
        }
        for (DifyRelease release : ctx.model().difyReleases()) {
            Optional<DifyEnvironment> env = ctx.model().environment(release.environment());
            String region = env.map(e -> e.resource().node().at("/spec/region").asString("")).orElse("");
            if (region.isEmpty()) {
                continue;
            }
            for (DifyRelease.ValuesFile f : release.valuesFiles()) {
                walk(f.doc(), f.doc().root(), "", region, release.environment(), out);
            }
            String dir = release.directory() + "/";
            for (var file : byFile.subMap(dir, true, dir + Character.MAX_VALUE, false).entrySet()) {
                // generated objects (the values ConfigMaps) point at their kustomization; their values files are read above
                if (!file.getKey().endsWith("kustomization.yaml")) {
                    for (Resource r : file.getValue()) {
                        walk(r, r.node(), "", region, release.environment(), out);
                    }
                }
            }
        }
    }

    private static void walk(Located where, JsonNode n, String pointer, String region, String env, Findings out) {
        if (n.isString()) {
            Matcher m = REGION.matcher(n.asString(""));
            while (m.find()) {
                if (!m.group(1).equals(region)) {
                    out.report(EnvironmentRegion.class, where, pointer, "region " + m.group(1) + " in environment " + env
                            + ", whose region is " + region + " (a leftover of a copy?): use " + region + "'s value");
                    return;
                }
            }
        } else if (n.isObject()) {
            for (var e : n.properties()) {
                walk(where, e.getValue(), pointer + "/" + SourceMap.escape(e.getKey()), region, env, out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(where, n.get(i), pointer + "/" + i, region, env, out);
            }
        }
    }
}
