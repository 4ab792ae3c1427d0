package io.difyops.rules.upgrade;

import io.difyops.chart.UpgradePolicy;
import io.difyops.diag.Findings;
import io.difyops.diag.Position;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

@RuleInfo(id = "upgrade-policy", severity = Severity.ERROR,
        summary = "The management cluster's upgrade guard is missing or does not match the release catalog.",
        explanation = """
                The gate checks version stops between commits; the cluster checks them between what is
                deployed and what is asked. `clusters/management/policies/dify-upgrade-stops.yaml` is a
                ValidatingAdmissionPolicy generated from `charts-values/dify-releases.json`: it refuses a
                HelmRelease of chart `dify` whose new version is beyond a Non-skippable stop the deployed
                release (its `status.history`) has not reached. Without it, two stop pull requests merged
                within one reconcile window take the cluster over a stop.

                A repository with a release catalog (`charts-values/dify-releases.json`) and a dify release
                must have the file, what `difyops policy` writes from the catalog (the
                repository's copy, merged with the upstream catalog when online): run `difyops policy` and
                commit it with the catalog change.
                """)
public final class UpgradePolicyRule implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        // the guard is generated from the repository's catalog: a repository without one is not judged
        if (ctx.model().difyReleases().isEmpty()
                || !Files.isRegularFile(ctx.options().root().resolve(io.difyops.chart.ReleaseCatalog.REPOSITORY_COPY))) {
            return;
        }
        Path file = ctx.options().root().resolve(UpgradePolicy.FILE);
        String want = UpgradePolicy.yaml(ctx.catalog());
        if (!Files.isRegularFile(file)) {
            // at the first release's version: what the missing guard should protect
            out.report(UpgradePolicyRule.class, ctx.model().difyReleases().get(0).resource(), "/spec/chart/spec/version", UpgradePolicy.FILE
                    + " does not exist, so the management cluster does not stop an upgrade over a Non-skippable version (two stop "
                    + "pull requests merged in one reconcile window skip a stop); run difyops policy and commit it");
            return;
        }
        try {
            String have = io.difyops.load.RepoFile.read(ctx.options().root(), file);
            if (!have.equals(want)) {
                out.reportAt(UpgradePolicyRule.class, UpgradePolicy.FILE, Position.START, "", UpgradePolicy.FILE + " does not match the "
                        + "release catalog's stops (edited by hand, or the catalog changed); run difyops policy and commit it");
            }
        } catch (IOException e) {
            out.reportAt(UpgradePolicyRule.class, UpgradePolicy.FILE, Position.START, "", UpgradePolicy.FILE + " cannot be read: " + e.getMessage());
        }
    }
}
