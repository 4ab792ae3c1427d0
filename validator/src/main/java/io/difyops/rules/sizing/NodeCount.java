package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "node-count", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_ENVIRONMENT, supersedes = {"schema", "capacity"},
        summary = "An environment has fewer than 3 worker nodes.",
        explanation = """
                Dify Enterprise needs at least 3 nodes: with fewer, losing one node leaves the
                replicas of api, worker and the plugin daemon nowhere to go, and the one-click template
                refuses it too. Set `spec.kubernetes.nodeCount` to 3 or more (6 is the template's
                default).

                It explains the XRD's `minimum: 3` and the capacity shortfall at the same field, so
                those are not reported again.
                """)
public final class NodeCount implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        JsonNode n = r.node().at("/spec/kubernetes/nodeCount");
        if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() < 3) {
            out.report(NodeCount.class, r, "/spec/kubernetes/nodeCount", "nodeCount is " + n.asInt()
                    + "; Dify needs at least 3 worker nodes to survive losing one. Set 3 or more");
        }
    }
}
