package io.difyops.rules.upgrade;

import io.difyops.model.DifyRelease;
import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartValues;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@RuleInfo(id = "image-repository", severity = Severity.ERROR,
        summary = "An image repository is neither the chart's default nor a mirror of it.",
        explanation = """
                Every image of the release must come from the repository the chart version uses, or
                from a mirror of it: the same image under an allowed prefix. Allowed are the chart's
                documented mirror `g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/<name>` and every
                prefix in `imageMirrors:` of `.difyops.yaml` followed by the image's original path.

                This also catches an override left on `langgenius/dify-api` when the target chart's
                default is `langgenius/dify-ee-api` (the 3.9 rename), which would keep running the old
                image.
                """)
public final class ImageRepository implements RepositoryRule {
    static final String CHART_MIRROR = "g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/";

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<ChartLock> lock = DifyReleases.pinnedLock(ctx, hr);
            if (lock.isEmpty()) {
                continue;
            }
            for (DifyRelease.ValuesFile f : DifyReleases.valuesFiles(ctx, hr)) {
                for (ImageSettings.Setting s : ImageSettings.of(f)) {
                    ChartValues.Image target = lock.get().image(s.image().path());
                    if (target == null) {
                        continue;
                    }
                    List<String> allowed = allowed(target.repository(), ctx.options().upgrade().imageMirrors());
                    if (!allowed.contains(s.image().repository())) {
                        out.report(ImageRepository.class, f.doc(), s.repositoryPointer(), s.image().path() + " uses repository '"
                                + s.image().repository() + "', but dify " + lock.get().version() + " uses '" + target.repository()
                                + "'; use it or a mirror of it (" + String.join(", ", allowed.subList(1, allowed.size())) + ")");
                    }
                }
            }
        }
    }

    /** The chart's repository, then its mirrors. */
    static List<String> allowed(String repository, List<String> mirrors) {
        List<String> out = new ArrayList<>();
        out.add(repository);
        String path = ChartValues.pathOf(repository);
        out.add(CHART_MIRROR + path.substring(path.lastIndexOf('/') + 1));
        for (String m : mirrors) {
            out.add((m.endsWith("/") ? m : m + "/") + path);
        }
        return out;
    }
}
