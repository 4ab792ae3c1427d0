package io.difyops.rules.sizing;

import io.difyops.sizing.CapacityFit;

import io.difyops.sizing.Allocatable;
import io.difyops.chart.ChartLock;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.upgrade.DifyReleases;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "capacity", severity = Severity.ERROR,
        summary = "Dify's pods do not fit on the node pool with one node lost.",
        explanation = """
                The demand is the sum, over every component of the effective values (the chart's
                defaults from the lock, then the base values, then the environment's), of replicas ×
                requests, for CPU and memory. It must fit in the allocatable resources of
                `nodeCount − 1` nodes of `nodeInstanceType`, so that losing a node (or draining one for
                an upgrade) leaves every pod a place. Allocatable is the instance type's capacity minus
                ACK's system reservation and the eviction threshold (see `Allocatable`, whose instance
                table carries a source for each row).

                Above 80 % the finding is a warning: there is no room left for plugin runtimes and
                rolling updates. `difyops diff` shows the headroom before and after a change.
                """)
public final class Capacity implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<Resource> env = DifyReleases.environment(ctx, hr);
            Optional<ChartLock> lock = DifyReleases.pinnedLock(ctx, hr);
            if (env.isEmpty() || lock.isEmpty()) {
                continue;
            }
            JsonNode spec = Environments.withDefaults(ctx, env.get(), env.get().node()).path("spec");
            String type = spec.at("/kubernetes/nodeInstanceType").asString("");
            int nodes = spec.at("/kubernetes/nodeCount").asInt(0);
            Optional<Allocatable.InstanceType> t = Allocatable.type(type);
            if (t.isEmpty()) {
                out.report(Capacity.class, Severity.WARNING, env.get(), "/spec/kubernetes/nodeInstanceType", "instance type " + type
                        + " is not in the capacity table, so the fit was not checked; add it to instance-types.tsv with its source");
                continue;
            }
            CapacityFit fit = CapacityFit.of(lock.get(), DifyReleases.mergedValues(ctx, hr), t.get(), nodes);
            if (fit.cpuShare() > 1 || fit.memoryShare() > 1) {
                out.report(Capacity.class, env.get(), "/spec/kubernetes/nodeCount", "Dify does not fit with one node lost: " + fit.describe()
                        + ". Add nodes, choose a larger instance type, or lower replicas or requests");
            } else if (fit.cpuShare() > 0.8 || fit.memoryShare() > 0.8) {
                out.report(Capacity.class, Severity.WARNING, env.get(), "/spec/kubernetes/nodeCount", "Dify fits with one node lost, but tightly: "
                        + fit.describe() + "; over 80% leaves no room for plugin runtimes and rolling updates");
            }
        }
    }

}
