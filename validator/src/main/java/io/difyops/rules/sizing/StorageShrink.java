package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "storage-shrink", severity = Severity.ERROR, appliesTo = AppliesTo.DIFY_ENVIRONMENT, needsBase = true,
        summary = "A storage size decreases, which the cloud cannot do.",
        explanation = """
                Alibaba Cloud grows disks and database storage but never shrinks them: an RDS instance's
                storage, an AnalyticDB segment's storage and an ECS system disk can only be made larger.
                A decrease against the base branch would leave Crossplane retrying an update that
                always fails. Keep the size, or move the data to a new, smaller environment.
                """)
public final class StorageShrink implements ResourceRule {
    static final Map<String, String> SIZES = Map.of(
            "/spec/postgres/storageGb", "RDS PostgreSQL storage",
            "/spec/vectorStore/analyticdb/segmentStorageGb", "AnalyticDB segment storage",
            "/spec/kubernetes/systemDisk/sizeGb", "the nodes' system disk");

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        Optional<JsonNode> base = Environments.atBase(ctx, r);
        if (base.isEmpty()) {
            return;
        }
        JsonNode now = Environments.withDefaults(ctx, r, r.node());
        for (var e : SIZES.entrySet()) {
            JsonNode before = base.get().at(e.getKey());
            JsonNode after = now.at(e.getKey());
            if (before.isNumber() && after.isNumber() && after.decimalValue().compareTo(before.decimalValue()) < 0) {
                String was = before.decimalValue().toPlainString();
                out.report(StorageShrink.class, r, e.getKey(), e.getValue() + " shrinks from " + was + " to "
                        + after.decimalValue().toPlainString() + " GB; the cloud can only grow it. Keep " + was + " GB or more");
            }
        }
    }
}
