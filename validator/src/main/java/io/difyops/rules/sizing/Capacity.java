package io.difyops.rules.sizing;

import io.difyops.chart.ChartLock;
import io.difyops.load.Resource;
import io.difyops.rules.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.rules.RuleInfo;
import io.difyops.rules.Severity;
import io.difyops.rules.upgrade.DifyReleases;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
    /** Demand and supply of one environment, for messages and diff. */
    public record Fit(Allocatable.Resources demand, Allocatable.Resources supply, int nodes, String instanceType) {
        public double cpuShare() {
            return supply.cpuMillis() == 0 ? Double.POSITIVE_INFINITY : (double) demand.cpuMillis() / supply.cpuMillis();
        }

        public double memoryShare() {
            return supply.memoryMiB() == 0 ? Double.POSITIVE_INFINITY : (double) demand.memoryMiB() / supply.memoryMiB();
        }

        public String describe() {
            return String.format("requests %.1f vCPU / %.1f GiB on %d×%s minus one node (%.1f vCPU / %.1f GiB allocatable): %.0f%% CPU, %.0f%% memory",
                    demand.cpuMillis() / 1000.0, demand.memoryMiB() / 1024.0, nodes, instanceType, supply.cpuMillis() / 1000.0,
                    supply.memoryMiB() / 1024.0, cpuShare() * 100, memoryShare() * 100);
        }
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<Resource> env = Environments.all(ctx).stream().filter(e -> e.name().equals(DifyReleases.environmentName(hr))).findFirst();
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
            Fit fit = fit(lock.get(), DifyReleases.mergedValues(ctx, hr), t.get(), nodes);
            if (fit.cpuShare() > 1 || fit.memoryShare() > 1) {
                out.report(Capacity.class, env.get(), "/spec/kubernetes/nodeCount", "Dify does not fit with one node lost: " + fit.describe()
                        + ". Add nodes, choose a larger instance type, or lower replicas or requests");
            } else if (fit.cpuShare() > 0.8 || fit.memoryShare() > 0.8) {
                out.report(Capacity.class, Severity.WARNING, env.get(), "/spec/kubernetes/nodeCount", "Dify fits with one node lost, but tightly: "
                        + fit.describe() + "; over 80% leaves no room for plugin runtimes and rolling updates");
            }
        }
    }

    /** Replicas × requests over every component (lock defaults, then the values), against nodes − 1. */
    public static Fit fit(ChartLock lock, JsonNode values, Allocatable.InstanceType type, int nodes) {
        Allocatable.Resources demand = new Allocatable.Resources(0, 0);
        ObjectNode components = lock.componentsNode();
        for (var e : values.properties()) {
            if (e.getValue().isObject() && (e.getValue().has("replicas") || e.getValue().has("resources")) && !components.has(e.getKey())) {
                components.set(e.getKey(), io.difyops.load.Json.MAPPER.createObjectNode());
            }
        }
        for (var e : components.properties()) {
            JsonNode v = values.path(e.getKey());
            if (!v.path("enabled").asBoolean(true) || !e.getValue().isObject()) {
                continue;
            }
            int replicas = v.has("replicas") ? v.path("replicas").asInt(1) : e.getValue().path("replicas").asInt(1);
            JsonNode requests = v.path("resources").has("requests") ? v.path("resources").path("requests") : e.getValue().path("resources").path("requests");
            long cpu = requests.has("cpu") ? Allocatable.cpuMillis(requests.path("cpu").asString()) : 0;
            long mem = requests.has("memory") ? Allocatable.memoryMiB(requests.path("memory").asString()) : 0;
            demand = demand.plus(new Allocatable.Resources(cpu, mem).times(replicas));
        }
        Allocatable.Resources supply = Allocatable.perNode(type).times(Math.max(0, nodes - 1));
        return new Fit(demand, supply, nodes, type.name());
    }
}
