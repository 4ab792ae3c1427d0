package io.difyops.rules.upgrade;

import io.difyops.chart.ChartVersion;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "chart-version-pinned", severity = Severity.ERROR, supersedes = {"schema"},
        summary = "The dify chart version is a range, a wildcard or a floating reference.",
        explanation = """
                `3.x`, `>=3.7.0`, `*` or an OCIRepository `ref.semver` let Flux move Dify to a new chart
                on its own, without the image settings, the lock file or the review an upgrade needs,
                and past "Non-skippable" releases. Pin one exact version (`3.7.3`); upgrade with
                `difyops bump`.
                """)
public final class ChartVersionPinned implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (DifyReleases.isDify(r)) {
            String v = DifyReleases.versionText(r);
            if (ChartVersion.parse(v).isEmpty()) {
                out.report(ChartVersionPinned.class, r, "/spec/chart/spec/version", "the dify chart version '" + v
                        + "' is not one exact version; pin it (for example 3.7.3) and upgrade with difyops bump");
            }
        } else if ("OCIRepository".equals(r.kind()) && r.gvk().group().equals("source.toolkit.fluxcd.io")
                && r.node().path("spec").path("url").asString("").endsWith("/" + DifyReleases.CHART)
                && r.node().path("spec").path("ref").has("semver")) {
            out.report(ChartVersionPinned.class, r, "/spec/ref/semver", "the dify chart is selected by the semver range '"
                    + r.node().path("spec").path("ref").path("semver").asString("") + "'; use ref.tag with one exact version");
        }
    }
}
