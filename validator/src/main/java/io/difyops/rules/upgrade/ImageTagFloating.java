package io.difyops.rules.upgrade;

import io.difyops.model.DifyRelease;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "image-tag-floating", severity = Severity.ERROR,
        summary = "An image override has no tag, the tag latest, or a tag that is not a string.",
        explanation = """
                A floating tag changes what runs without a change in git: a node that pulls later gets
                another image than its neighbours, and a rollback does not roll it back. Every image the
                values set needs a concrete tag or digest; where the chart's own default floats (the
                kaniko, busybox and aws-cli helpers use `latest`), pin one.
                """)
public final class ImageTagFloating implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            for (DifyRelease.ValuesFile f : DifyReleases.valuesFiles(ctx, hr)) {
                for (ImageSettings.Setting s : ImageSettings.of(f)) {
                    String tag = s.image().tag();
                    tools.jackson.databind.JsonNode tagNode = f.doc().root().at(s.tagPointer());
                    if (tagNode.isContainer()) {
                        out.report(ImageTagFloating.class, f.doc(), s.tagPointer(), s.image().path() + ".tag is a "
                                + (tagNode.isArray() ? "list" : "mapping") + ", which Helm renders as no valid image tag; set one tag (a string)");
                    } else if (tag == null || tag.isBlank() || tag.equals("latest")) {
                        out.report(ImageTagFloating.class, f.doc(), s.tagPointer(), s.image().path() + " is "
                                + (tag == null || tag.isBlank() ? "not pinned to a tag" : "pinned to 'latest'")
                                + "; set a concrete tag or digest");
                    }
                }
            }
        }
    }
}
