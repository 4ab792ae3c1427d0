package io.difyops.rules.flux;

import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.model.DifyRelease;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "stateful-safety", severity = Severity.ERROR,
        summary = "Git can destroy data by accident: an environment Flux would prune, or an automatic rollback of the Dify release.",
        explanation = """
                Two defaults that are right for stateless objects lose data here:

                - **Pruning.** With `prune: true`, removing a file from git deletes its object. For a
                  `DifyEnvironment` that deletes the environment's databases, bucket and cluster. Every
                  `DifyEnvironment` under the path of a Flux Kustomization with `prune: true` must carry `kustomize.toolkit.fluxcd.io/prune: disabled`, so that deleting
                  an environment is a deliberate step (README, "Deleting an environment").
                - **Automatic rollback.** A Dify upgrade migrates the databases before it can fail; helm-controller's
                  `upgrade.remediation` with retries (or `remediateLastFailure`) rolls the old images back onto the
                  migrated databases. The dify HelmRelease must have `upgrade.remediation.retries: 0` and no
                  `remediateLastFailure: true`; roll back by hand with the database restored (README, "Roll back").
                """)
public final class StatefulSafety implements RepositoryRule {
    private static final String PRUNE = "kustomize.toolkit.fluxcd.io/prune";

    @Override
    public void check(RuleContext ctx, Findings out) {
        java.util.List<String> pruned = new java.util.ArrayList<>();
        for (Resource k : ctx.model().resources()) {
            if (Repository.isFlux(k, "kustomize", "Kustomization") && k.node().at("/spec/prune").asBoolean(false)) {
                String path = k.node().at("/spec/path").asString("./").replaceFirst("^\\./", "").replaceFirst("/$", "");
                pruned.add(path.isEmpty() || path.equals(".") ? "" : path + "/");
            }
        }
        for (Resource r : ctx.model().resources()) {
            if (r.origin() == Resource.Origin.PATCH) {
                continue;
            }
            if ("DifyEnvironment".equals(r.kind()) && "platform.difyops.io".equals(r.gvk().group())
                    && pruned.stream().anyMatch(p -> r.file().startsWith(p))
                    && !"disabled".equals(r.node().at("/metadata/annotations").path(PRUNE).asString(""))) {
                out.report(StatefulSafety.class, r, "/metadata", "DifyEnvironment " + r.name() + " can be pruned: removing its file from git "
                        + "would delete the environment's databases, bucket and cluster. Annotate it " + PRUNE + ": disabled");
            }
            if (DifyRelease.isDify(r)) {
                JsonNode rem = r.node().at("/spec/upgrade/remediation");
                int retries = rem.path("retries").asInt(0);
                if (retries != 0 || rem.path("remediateLastFailure").asBoolean(false)) {
                    String at = rem.has("retries") && retries != 0 ? "/spec/upgrade/remediation/retries" : "/spec/upgrade/remediation";
                    out.report(StatefulSafety.class, r, at, "HelmRelease " + r.name() + " retries a failed upgrade with remediation "
                            + rem.path("strategy").asString("rollback") + ", which puts the old images back on databases the new version "
                            + "has already migrated; set upgrade.remediation.retries: 0 (and no remediateLastFailure) and roll back by hand");
                }
            }
        }
    }
}
