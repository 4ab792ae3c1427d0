package io.difyops.rules.upgrade;

import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@RuleInfo(id = "version-skip", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_RELEASE, needsBase = true,
        summary = "An upgrade jumps over a Non-skippable dify release.",
        explanation = """
                Some Dify Enterprise releases must be installed on the way to later ones (their
                database migrations, or renamed values, are the base the next releases build on). A
                change that moves the chart from A to B with such a release R in between (A < R < B)
                is refused; the message gives the whole path, for example `3.7.4 → 3.8.0 → 3.9.1`,
                and why each stop is one.

                The stops come from `charts-values/dify-releases.json` (the upstream catalog's format),
                merged with the upstream catalog when it can be fetched. Upgrade one hop at a time,
                each its own pull request.

                With `validate --cluster`, the version the management cluster has deployed (the
                HelmRelease's `status.history`) is compared too: a cluster still behind the base (an
                earlier stop not yet rolled out) must reach that stop before git moves past it.
                """)
public final class VersionSkip implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        Optional<ChartVersion> to = ChartVersion.parse(DifyReleases.versionText(r));
        if (to.isEmpty()) {
            return;
        }
        Optional<ChartVersion> base = DifyReleases.baseVersion(ctx, r);
        base.ifPresent(from -> check(r, ctx, out, from, to.get(), "dify " + from));
        ChartVersion live = ctx.deployed().get(r.namespace() + "/" + r.name());
        if (live != null && (base.isEmpty() || live.compareTo(base.get()) < 0)) {
            check(r, ctx, out, live, to.get(), "the cluster runs dify " + live + " (HelmRelease " + r.namespace() + "/" + r.name() + "); " + live);
        }
    }

    private static void check(Resource r, RuleContext ctx, Findings out, ChartVersion from, ChartVersion to, String start) {
        if (to.compareTo(from) <= 0) {
            return;
        }
        List<ReleaseCatalog.Release> stops = ctx.catalog().stopsBetween(from, to);
        if (stops.isEmpty()) {
            return;
        }
        List<String> path = ctx.catalog().path(from, to).stream().map(ChartVersion::toString).toList();
        List<String> why = new ArrayList<>();
        for (ReleaseCatalog.Release s : stops) {
            why.add(s.version() + ": " + (s.reason().isBlank() ? "marked unskippable" : s.reason()));
        }
        out.report(VersionSkip.class, r, "/spec/chart/spec/version", start + " → " + to + " skips "
                + (stops.size() == 1 ? "a Non-skippable release" : stops.size() + " Non-skippable releases") + "; upgrade along "
                + String.join(" → ", path) + ", one pull request per step (" + String.join("; ", why) + ")");
    }
}
