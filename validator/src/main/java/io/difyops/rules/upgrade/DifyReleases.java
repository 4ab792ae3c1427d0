package io.difyops.rules.upgrade;

import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartVersion;
import io.difyops.load.Resource;
import io.difyops.model.DifyRelease;
import io.difyops.rules.RuleContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules' short-hands over the model's {@link DifyRelease} view: the releases of the run, a
 * release's values and versions, now and at the base, and the lock files of the run.
 */
public final class DifyReleases {
    public static final String CHART = DifyRelease.CHART;

    private DifyReleases() {
    }

    public static boolean isDify(Resource r) {
        return DifyRelease.isDify(r);
    }

    public static List<Resource> all(RuleContext ctx) {
        return ctx.model().difyReleases().stream().map(DifyRelease::resource).toList();
    }

    private static DifyRelease view(RuleContext ctx, Resource hr) {
        return ctx.model().asRelease(hr).orElseThrow(() -> new IllegalArgumentException(hr + " is not a dify release"));
    }

    public static String versionText(Resource hr) {
        return hr.node().at("/spec/chart/spec/version").asString("");
    }

    /** The release's chart version at the base (same file, same name), if there is a base and it had one. */
    public static Optional<ChartVersion> baseVersion(RuleContext ctx, Resource hr) {
        return ctx.base().flatMap(b -> view(ctx, hr).in(b.model())).flatMap(DifyRelease::version);
    }

    public static List<DifyRelease.ValuesFile> valuesFiles(RuleContext ctx, Resource hr) {
        return view(ctx, hr).valuesFiles();
    }

    public static ObjectNode mergedValues(RuleContext ctx, Resource hr) {
        return view(ctx, hr).mergedValues();
    }

    public static Set<String> targetPaths(RuleContext ctx, Resource hr) {
        return view(ctx, hr).targetPaths();
    }

    /** The DifyEnvironment of the release's environment (the same name as its folder), if the repository has it. */
    public static java.util.Optional<Resource> environment(RuleContext ctx, Resource hr) {
        return ctx.model().environment(view(ctx, hr).environment()).map(io.difyops.model.DifyEnvironment::resource);
    }

    /** The lock of a version from charts-values/locks (read once per run). */
    public static Optional<ChartLock> lock(RuleContext ctx, String version) {
        return ctx.locks().get(CHART, version);
    }

    /** The lock of the exact version a release pins; empty for a range or when the lock is missing. */
    public static Optional<ChartLock> pinnedLock(RuleContext ctx, Resource hr) {
        return ChartVersion.parse(versionText(hr)).flatMap(v -> lock(ctx, v.toString()));
    }

    /** Where the chart comes from: --chart-source / chartSource, else the HelmRepository the release names. */
    static Optional<String> chartSource(RuleContext ctx, Resource hr) {
        return view(ctx, hr).chartSource(ctx.options().upgrade().chartSource());
    }
}
