package io.difyops.rules.upgrade;

import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartVersion;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import java.util.List;
import java.util.Optional;

@RuleInfo(id = "chart-lock", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_RELEASE,
        summary = "The pinned dify chart version has no lock file, or its lock disagrees with the real chart.",
        explanation = """
                `charts-values/locks/dify-<version>.lock.yaml` records what a chart version is: its
                repository, archive digest and appVersion, every image setting of its default values,
                the set of value keys, and each component's default replicas and resources. The
                upgrade rules work from it offline, and a reviewer sees in its diff which images an
                upgrade brings.

                Write it with `difyops lock --version <v>` (or `difyops bump`, which writes it too).
                When the network may be used, the lock is compared with the real chart archive (checked
                against the repository index's digest); a difference is an error.
                """)
public final class ChartLockRule implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        Optional<ChartVersion> v = ChartVersion.parse(DifyReleases.versionText(r));
        if (v.isEmpty()) {
            return;
        }
        String version = v.get().toString();
        Optional<ChartLock> lock = DifyReleases.lock(ctx, version);
        Optional<String> problem = ctx.locks().problem(DifyReleases.CHART, version);
        if (problem.isPresent()) {
            out.report(ChartLockRule.class, r, "/spec/chart/spec/version", ChartLock.DIRECTORY + "/dify-" + version
                    + ".lock.yaml cannot be read (" + problem.get() + "); write it again with difyops lock --version " + version);
            return;
        }
        if (lock.isEmpty()) {
            out.report(ChartLockRule.class, r, "/spec/chart/spec/version", "chart dify " + version + " has no lock file "
                    + ChartLock.DIRECTORY + "/dify-" + version + ".lock.yaml; run difyops lock --version " + version + " and commit it");
            return;
        }
        if (ctx.options().offline()) {
            return;
        }
        Optional<String> source = DifyReleases.chartSource(ctx, r);
        if (source.isEmpty()) {
            return;
        }
        Optional<io.difyops.chart.RealCharts.Result> real = ctx.charts().get(source.get(), DifyReleases.CHART, version);
        if (real.isEmpty()) {
            return;
        }
        if (real.get().lock() == null) {
            out.report(ChartLockRule.class, Severity.WARNING, r, "/spec/chart/spec/version", "the lock of dify " + version
                    + " could not be checked against the real chart: " + real.get().error());
            return;
        }
        List<String> diff = lock.get().differences(real.get().lock());
        if (!diff.isEmpty()) {
            out.report(ChartLockRule.class, r, "/spec/chart/spec/version", "the lock of dify " + version
                    + " disagrees with the chart in " + source.get() + ": " + String.join("; ", diff)
                    + ". Rewrite it with difyops lock --version " + version);
        }
    }
}
