package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "zones", severity = Severity.ERROR,
        summary = "An environment does not have two distinct zones of its region, each with one vSwitch CIDR.",
        explanation = """
                The cluster, RDS and Redis span two zones so that losing a zone loses half the nodes,
                not the service. `spec.zones` must hold two distinct zone ids of `spec.region` (a zone
                id is the region id with a suffix: cn-hangzhou-h), and `spec.network.vswitchCidrs` one
                CIDR per zone, unless the environment uses an existing VPC's vSwitches.
                """)
public final class Zones implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (!Environments.isEnvironment(r)) {
            return;
        }
        JsonNode spec = Environments.withDefaults(ctx, r, r.node()).path("spec");
        String region = spec.path("region").asString("");
        List<String> zones = new ArrayList<>();
        spec.path("zones").forEach(z -> zones.add(z.asString("")));
        if (zones.size() != 2 || zones.get(0).equals(zones.get(1))) {
            out.report(Zones.class, r, "/spec/zones", "spec.zones is " + zones + "; give exactly two distinct zones of " + region);
        }
        for (int i = 0; i < zones.size(); i++) {
            if (!region.isEmpty() && !zones.get(i).startsWith(region + "-")) {
                out.report(Zones.class, r, "/spec/zones/" + i, "zone " + zones.get(i) + " is not in region " + region
                        + "; use a zone id of the region, such as " + region + "-a");
            }
        }
        JsonNode network = spec.path("network");
        if (!network.has("existingVpcId") && network.path("vswitchCidrs").size() != zones.size()) {
            out.report(Zones.class, r, r.node().at("/spec/network/vswitchCidrs").isMissingNode() ? "/spec/network" : "/spec/network/vswitchCidrs",
                    "there are " + network.path("vswitchCidrs").size() + " vSwitch CIDRs for " + zones.size() + " zones; give one per zone");
        }
    }
}
