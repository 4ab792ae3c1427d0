package io.difyops.rules.upgrade;

import io.difyops.model.DifyRelease;
import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartValues;
import io.difyops.chart.ChartVersion;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.util.Objects;
import java.util.Optional;

@RuleInfo(id = "image-tag-stale", severity = Severity.ERROR, needsBase = true,
        summary = "The chart version changes but an image setting keeps another version's tag.",
        explanation = """
                The values of an environment pin every image explicitly, so changing only the chart
                version upgrades nothing that matters: an image left behind keeps running old code
                against a database the new release has migrated.

                When a change moves the dify chart version, every image setting in the release's
                values must carry the target chart's tag (from its lock file). There is one finding
                per stale setting, at its line, naming the key path, the tag found and the tag
                expected. `difyops bump` moves them all.
                """)
public final class ImageTagStale implements RepositoryRule {
    static boolean floating(String tag) {
        return tag == null || tag.isBlank() || tag.equals("latest");
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<ChartVersion> to = ChartVersion.parse(DifyReleases.versionText(hr));
            Optional<ChartVersion> from = DifyReleases.baseVersion(ctx, hr);
            if (to.isEmpty() || from.isEmpty() || to.get().equals(from.get())) {
                continue;
            }
            Optional<ChartLock> lock = DifyReleases.lock(ctx, to.get().toString());
            if (lock.isEmpty()) {
                continue; // chart-lock reports the missing lock
            }
            for (DifyRelease.ValuesFile f : DifyReleases.valuesFiles(ctx, hr)) {
                for (ImageSettings.Setting s : ImageSettings.of(f)) {
                    ChartValues.Image target = lock.get().image(s.image().path());
                    // Where the chart's own default floats (latest, or no tag), the override pins a tag of its choosing.
                    if (target != null && !floating(target.tag()) && !Objects.equals(target.tag(), s.image().tag())) {
                        out.report(ImageTagStale.class, f.doc(), s.tagPointer(), s.image().path() + " has tag '" + s.image().tag()
                                + "' but dify " + to.get() + " (" + hr.identity() + ", was " + from.get() + ") ships '" + target.tag()
                                + "'; set it to " + target.tag() + " (difyops bump does this)");
                    }
                }
            }
        }
    }
}
