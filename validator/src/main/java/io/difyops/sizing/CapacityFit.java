package io.difyops.sizing;

import io.difyops.chart.ChartLock;
import io.difyops.load.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Dify's demand (replicas × requests) against the node pool's supply with one node lost, for messages and diff. */
public record CapacityFit(Allocatable.Resources demand, Allocatable.Resources supply, int nodes, String instanceType) {
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

    /** Replicas × requests over every component (lock defaults, then the values), against nodes − 1. */
    public static CapacityFit of(ChartLock lock, JsonNode values, Allocatable.InstanceType type, int nodes) {
        Allocatable.Resources demand = new Allocatable.Resources(0, 0);
        ObjectNode components = lock.componentsNode();
        for (var e : values.properties()) {
            if (e.getValue().isObject() && (e.getValue().has("replicas") || e.getValue().has("resources")) && !components.has(e.getKey())) {
                components.set(e.getKey(), Json.MAPPER.createObjectNode());
            }
        }
        for (var e : components.properties()) {
            JsonNode v = values.path(e.getKey());
            if (!v.path("enabled").asBoolean(true) || !e.getValue().isObject()) {
                continue;
            }
            int replicas = v.has("replicas") ? v.path("replicas").asInt(1) : e.getValue().path("replicas").asInt(1);
            JsonNode requests = v.path("resources").has("requests") ? v.path("resources").path("requests")
                    : e.getValue().path("resources").path("requests");
            long cpu = requests.has("cpu") ? Allocatable.cpuMillis(requests.path("cpu").asString("")) : 0;
            long mem = requests.has("memory") ? Allocatable.memoryMiB(requests.path("memory").asString("")) : 0;
            demand = demand.plus(new Allocatable.Resources(cpu, mem).times(replicas));
        }
        Allocatable.Resources supply = Allocatable.perNode(type).times(Math.max(0, nodes - 1));
        return new CapacityFit(demand, supply, nodes, type.name());
    }
}
