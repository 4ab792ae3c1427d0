package io.difyops.rules.flux;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "flux-dependency-cycle", severity = Severity.ERROR,
        summary = "Flux Kustomizations (or HelmReleases) depend on each other in a cycle.",
        explanation = """
                A cycle in `dependsOn` means none of its members ever becomes ready: each waits for
                the next. The message names the whole cycle, in order; break it by removing the
                dependency that is not needed.
                """)
public final class FluxDependencyCycle implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        Repository repo = new Repository(ctx);
        cycles(repo, "kustomize", "Kustomization", out);
        cycles(repo, "helm", "HelmRelease", out);
    }

    private static void cycles(Repository repo, String group, String kind, Findings out) {
        Map<String, Resource> nodes = new LinkedHashMap<>();
        Map<String, List<String>> edges = new HashMap<>();
        for (Resource r : repo.all()) {
            if (Repository.isFlux(r, group, kind)) {
                String id = r.namespace() + "/" + r.name();
                nodes.putIfAbsent(id, r);
                List<String> to = new ArrayList<>();
                for (JsonNode d : r.node().path("spec").path("dependsOn")) {
                    to.add(Repository.nsOr(d, r) + "/" + d.path("name").asString(""));
                }
                edges.put(id, to);
            }
        }
        Set<String> done = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String start : nodes.keySet()) {
            visit(start, new ArrayList<>(), done, edges, nodes, reported, kind, out);
        }
    }

    private static void visit(String id, List<String> stack, Set<String> done, Map<String, List<String>> edges,
                              Map<String, Resource> nodes, Set<String> reported, String kind, Findings out) {
        int at = stack.indexOf(id);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
            String key = cycle.stream().sorted().toList().toString();
            if (reported.add(key)) {
                int smallest = cycle.indexOf(cycle.stream().sorted().findFirst().orElseThrow());
                java.util.Collections.rotate(cycle, -smallest);
                cycle.add(cycle.get(0));
                Resource first = nodes.get(cycle.get(0));
                out.report(FluxDependencyCycle.class, first, "/spec/dependsOn", kind + " dependsOn cycle: " + String.join(" -> ", cycle)
                        + "; none of these can become ready. Remove one of the dependencies");
            }
            return;
        }
        if (done.contains(id) || !nodes.containsKey(id)) {
            return;
        }
        stack.add(id);
        for (String next : edges.getOrDefault(id, List.of())) {
            visit(next, stack, done, edges, nodes, reported, kind, out);
        }
        stack.remove(stack.size() - 1);
        done.add(id);
    }
}
