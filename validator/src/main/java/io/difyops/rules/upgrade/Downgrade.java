package io.difyops.rules.upgrade;

import io.difyops.chart.ChartVersion;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import java.util.Optional;

@RuleInfo(id = "downgrade", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_RELEASE, needsBase = true,
        summary = "The dify chart moves to an older version that is not a rollback of the last upgrade.",
        explanation = """
                Database migrations run forward only. Going back to an older chart is safe only as the
                rollback of the most recent upgrade, before anything else changed: the version the base
                branch had before its latest chart-version change (what `git revert` of that upgrade
                restores), with no migration stop in between.

                Any other downgrade is refused. To undo an older upgrade, restore a database backup and
                redeploy instead.
                """)
public final class Downgrade implements ResourceRule {
    private static final int HISTORY = 500;

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        Optional<ChartVersion> to = ChartVersion.parse(DifyReleases.versionText(r));
        Optional<ChartVersion> from = DifyReleases.baseVersion(ctx, r);
        if (to.isEmpty() || from.isEmpty() || to.get().compareTo(from.get()) >= 0) {
            return;
        }
        Optional<ChartVersion> previous = previousVersion(ctx, r);
        boolean rollback = previous.isPresent() && previous.get().equals(to.get())
                && ctx.catalog().stopsUpTo(to.get(), from.get()).isEmpty();
        if (!rollback) {
            out.report(Downgrade.class, r, "/spec/chart/spec/version", "dify " + from.get() + " → " + to.get() + " is a downgrade"
                    + previous.map(p -> " and not the rollback of the last upgrade (which would restore " + p + ")").orElse("")
                    + (ctx.catalog().stopsUpTo(to.get(), from.get()).isEmpty() ? "" : ", across a migration stop")
                    + "; databases migrate forward only. Roll back only the most recent upgrade (git revert), or restore a backup");
        }
    }

    /** The version the base branch had before its most recent chart-version change of this file (read before the rules run). */
    private static Optional<ChartVersion> previousVersion(RuleContext ctx, Resource r) {
        return ctx.base().flatMap(b -> ctx.model().asRelease(r).flatMap(b::previousVersion));
    }
}
