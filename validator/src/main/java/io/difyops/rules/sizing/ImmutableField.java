package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "immutable-field", severity = Severity.ERROR,
        summary = "A field that is fixed when an environment is created changes.",
        explanation = """
                The region and zones, the service and pod CIDRs, the network plugin, an existing VPC
                and the vector store type are fixed when the cloud resources are created: the cloud
                cannot change them in place, and replacing them would destroy the cluster or the data.

                To change one, create a new environment with the new value, migrate Dify's data to it,
                then retire the old one.
                """)
public final class ImmutableField implements ResourceRule {
    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("/spec/region", "the region of every resource");
        FIELDS.put("/spec/zones", "the zones of the cluster, databases and vSwitches");
        FIELDS.put("/spec/network/serviceCidr", "the Service CIDR of the ACK cluster");
        FIELDS.put("/spec/network/plugin", "the ACK network plugin");
        FIELDS.put("/spec/network/podCidr", "the pod CIDR of the ACK cluster");
        FIELDS.put("/spec/network/existingVpcId", "the VPC every resource lives in");
        FIELDS.put("/spec/vectorStore/type", "the vector store holding the knowledge bases");
    }

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (!Environments.isEnvironment(r)) {
            return;
        }
        Optional<JsonNode> base = Environments.atBase(ctx, r);
        if (base.isEmpty()) {
            return;
        }
        JsonNode now = Environments.withDefaults(ctx, r, r.node());
        for (var e : FIELDS.entrySet()) {
            JsonNode before = base.get().at(e.getKey());
            JsonNode after = now.at(e.getKey());
            if (!Objects.equals(text(before), text(after))) {
                out.report(ImmutableField.class, r, e.getKey(), e.getKey().substring(1).replace('/', '.') + " changes from " + text(before)
                        + " to " + text(after) + ", but " + e.getValue() + " is fixed at creation. Create a new environment with it and "
                        + "migrate Dify's data instead");
            }
        }
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "(unset)" : n.isValueNode() ? n.asString() : n.toString();
    }
}
