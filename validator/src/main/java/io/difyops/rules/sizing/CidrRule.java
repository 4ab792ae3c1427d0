package io.difyops.rules.sizing;

import io.difyops.sizing.Cidr;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "cidr", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_ENVIRONMENT,
        summary = "An environment's address ranges do not fit together.",
        explanation = """
                ACK and the VPC refuse address plans where:

                - a vSwitch CIDR is not inside the VPC CIDR, or two vSwitches overlap;
                - the Service CIDR or the pod CIDR overlaps the VPC, or they overlap each other;
                - the Service CIDR is outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16, or its mask
                  is not between /16 and /24;

                The cluster would fail to create, after the VPC and databases already exist. Pick
                ranges that fit; a CIDR exactly on the VPC's edge is fine.
                """)
public final class CidrRule implements ResourceRule {
    static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8").orElseThrow(), Cidr.parse("172.16.0.0/12").orElseThrow(),
            Cidr.parse("192.168.0.0/16").orElseThrow());

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        JsonNode net = Environments.withDefaults(ctx, r, r.node()).at("/spec/network");
        Optional<Cidr> vpc = net.has("existingVpcId") ? Optional.empty() : Cidr.parse(net.path("vpcCidr").asString(null));
        Optional<Cidr> service = Cidr.parse(net.path("serviceCidr").asString(null));
        Optional<Cidr> pods = Cidr.parse(net.path("podCidr").asString(null));
        JsonNode vsw = net.path("vswitchCidrs");
        for (int i = 0; i < vsw.size() && !net.has("existingVpcId"); i++) {
            Optional<Cidr> v = Cidr.parse(vsw.get(i).asString(null));
            if (v.isEmpty()) {
                continue;
            }
            if (vpc.isPresent() && !vpc.get().contains(v.get())) {
                out.report(CidrRule.class, r, "/spec/network/vswitchCidrs/" + i, "vSwitch CIDR " + v.get() + " is not inside the VPC CIDR "
                        + vpc.get() + "; choose a block inside it");
            }
            for (int j = 0; j < i; j++) {
                Optional<Cidr> w = Cidr.parse(vsw.get(j).asString(null));
                if (w.isPresent() && w.get().overlaps(v.get())) {
                    out.report(CidrRule.class, r, "/spec/network/vswitchCidrs/" + i, "vSwitch CIDRs " + w.get() + " and " + v.get()
                            + " overlap; give each zone its own block");
                }
            }
        }
        if (service.isPresent()) {
            Cidr s = service.get();
            if (PRIVATE.stream().noneMatch(p -> p.contains(s)) || s.prefix() < 16 || s.prefix() > 24) {
                out.report(CidrRule.class, r, "/spec/network/serviceCidr", "Service CIDR " + s + " is not one ACK accepts: it must lie in "
                        + "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a mask from /16 to /24");
            }
            vpc.filter(v -> v.overlaps(s)).ifPresent(v -> out.report(CidrRule.class, r, "/spec/network/serviceCidr", "Service CIDR " + s
                    + " overlaps the VPC CIDR " + v + "; Services would shadow node and database addresses. Pick a range outside the VPC"));
        }
        if (pods.isPresent()) {
            Cidr p = pods.get();
            vpc.filter(v -> v.overlaps(p)).ifPresent(v -> out.report(CidrRule.class, r, "/spec/network/podCidr", "pod CIDR " + p
                    + " overlaps the VPC CIDR " + v + "; pick a range outside the VPC"));
            service.filter(s -> s.overlaps(p)).ifPresent(s -> out.report(CidrRule.class, r, "/spec/network/podCidr", "pod CIDR " + p
                    + " overlaps the Service CIDR " + s + "; pick ranges that do not overlap"));
        }
    }
}
