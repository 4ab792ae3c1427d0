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
        summary = "Dify's pods do not fit on the node pool with one node lost, or its concurrency does not serve the environment's users.",
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

                The instance type's capacity comes from its family (`instance-families.tsv`: general purpose,
                compute optimized, memory optimized and universal families, each with its source) and size
                (`large` = 2 vCPU, `xlarge` = 4, `Nxlarge` = 4N). A type of an unknown family is an error in
                CI (`CI=true` or `--ci`) and a warning elsewhere; an Arm family is an error (Dify Enterprise
                images are amd64 only).

                Concurrency, with one node lost (a component with two or more replicas loses one pod):
                the api tier serves `replicas × api.serverWorkerAmount × SERVER_WORKER_CONNECTIONS` (gevent
                connections per gunicorn worker, Dify's default 10, settable in `api.extraEnv`) concurrent
                requests, streaming ones included, and must serve 5 % of `spec.dailyActiveUsers` at once;
                workers run `replicas × worker.celeryWorkerAmount` tasks at once and must run one per 500
                daily users. These are the platform's sizing policy (README, "Sizing"), not a law: raise
                the numbers, not the policy, when users wait.
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
                out.report(Capacity.class, ctx.options().upgrade().ci() ? Severity.ERROR : Severity.WARNING, env.get(),
                        "/spec/kubernetes/nodeInstanceType", "instance type " + type + " is not of a family the gate knows ("
                        + String.join(", ", Allocatable.families()) + "), so the fit was not checked; use one of them, or add its family to "
                        + "instance-families.tsv with its source");
                continue;
            }
            if (!"amd64".equals(t.get().arch())) {
                out.report(Capacity.class, env.get(), "/spec/kubernetes/nodeInstanceType", "instance type " + type + " is " + t.get().arch()
                        + ", but Dify Enterprise's images are amd64 only; choose an x86 family");
                continue;
            }
            concurrency(ctx, hr, env.get(), spec, out);
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

    /** The Dify default of SERVER_WORKER_CONNECTIONS (gevent connections per gunicorn worker). */
    static final int DEFAULT_CONNECTIONS = 10;

    private static void concurrency(RuleContext ctx, Resource hr, Resource env, JsonNode spec, Findings out) {
        int dau = spec.path("dailyActiveUsers").asInt(3000);
        JsonNode v = DifyReleases.mergedValues(ctx, hr);
        JsonNode api = v.path("api");
        int apiReplicas = api.path("replicas").asInt(1);
        int workers = api.path("serverWorkerAmount").asInt(1);
        int connections = DEFAULT_CONNECTIONS;
        for (JsonNode e : api.path("extraEnv")) {
            if ("SERVER_WORKER_CONNECTIONS".equals(e.path("name").asString(""))) {
                String value = e.path("value").asString(String.valueOf(DEFAULT_CONNECTIONS)).trim();
                if (value.matches("\\d{1,6}")) {
                    connections = Integer.parseInt(value);
                }
            }
        }
        int apiLeft = apiReplicas >= 2 ? apiReplicas - 1 : apiReplicas;
        int serves = apiLeft * workers * connections;
        int needed = (int) Math.ceil(dau * 0.05);
        if (serves < needed) {
            out.report(Capacity.class, env, "/spec/dailyActiveUsers", "the api tier serves " + serves + " concurrent requests with one node lost ("
                    + apiLeft + " of " + apiReplicas + " pods × api.serverWorkerAmount " + workers + " × " + connections
                    + " connections), but " + dau + " daily users need " + needed + " (5%); raise api.replicas or api.serverWorkerAmount");
        }
        JsonNode worker = v.path("worker");
        int wReplicas = worker.path("replicas").asInt(1);
        int wLeft = wReplicas >= 2 ? wReplicas - 1 : wReplicas;
        int tasks = wLeft * worker.path("celeryWorkerAmount").asInt(1);
        int tasksNeeded = (int) Math.ceil(dau / 500.0);
        if (tasks < tasksNeeded) {
            out.report(Capacity.class, env, "/spec/dailyActiveUsers", "workers run " + tasks + " tasks at once with one node lost (" + wLeft
                    + " of " + wReplicas + " pods × worker.celeryWorkerAmount " + worker.path("celeryWorkerAmount").asInt(1) + "), but "
                    + dau + " daily users need " + tasksNeeded + " (one per 500); raise worker.replicas or worker.celeryWorkerAmount");
        }
    }
}
