package io.difyops.rules.crossplane;

import io.difyops.diag.AppliesTo;
import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.schema.FieldPaths;
import io.difyops.schema.SchemaStore;
import java.util.List;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "composition-create-only", severity = Severity.ERROR, appliesTo = AppliesTo.COMPOSITION,
        summary = "A create-only field is patched from the composite's status with an Optional policy, so the first create goes out without it.",
        explanation = """
                Some fields of a managed resource are read only when it is created (the CRD says so:
                "Only works for Create Operation", immutable, ForceNew). A patch that copies a value from
                the composite's **status** into such a field has nothing to copy until another resource
                is ready; with the default policy (`Optional`) the composed resource is created at once,
                without the field, and the value that arrives later is ignored (or forces a new
                resource). ACK's `podVswitchIds` (Terway's pod vSwitches) is one:

                ```yaml
                - type: FromCompositeFieldPath
                  fromFieldPath: status.vswitchIds
                  toFieldPath: spec.forProvider.podVswitchIds
                  policy: {fromFieldPath: Optional}     # refused: use Required
                ```

                With `policy: {fromFieldPath: Required}` the resource is not composed until the value
                exists. Fields the CRD does not mark are not judged.
                """)
public final class CompositionCreateOnly implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        CompositionWalker.walk(r, new CompositionWalker.Visitor() {
            @Override
            public void patch(String resourceName, Gvk target, JsonNode patch, String pointer, String via) {
                String type = patch.path("type").asString("FromCompositeFieldPath");
                if (target == null || !(type.equals("FromCompositeFieldPath") || type.equals("CombineFromComposite"))) {
                    return;
                }
                boolean fromStatus = patch.path("fromFieldPath").asString("").startsWith("status.")
                        || patch.path("combine").path("variables").findValuesAsString("fromFieldPath").stream().anyMatch(p -> p.startsWith("status."));
                String policy = patch.path("policy").path("fromFieldPath").asString("Optional");
                if (!fromStatus || policy.equals("Required")) {
                    return;
                }
                String to = patch.path("toFieldPath").asString("");
                SchemaStore.Lookup lookup = ctx.schemas().lookup(target);
                if (to.isEmpty() || !lookup.found()) {
                    return;
                }
                JsonNode field = node(lookup.schema().document(), to);
                if (field != null && field.path("x-difyops-create-only").asBoolean(false)) {
                    String at = patch.has("policy") ? pointer + "/policy/fromFieldPath" : pointer;
                    out.report(CompositionCreateOnly.class, r, at, to + " of " + target.kind() + " (" + resourceName + ") is create-only, but "
                            + "this patch from status is " + policy + ": the first create goes out without it. Use policy: {fromFieldPath: Required}");
                }
            }
        });
    }

    /** The schema node at a field path (indices step into items, other names into properties). */
    static JsonNode node(JsonNode schema, String path) {
        JsonNode n = schema;
        List<FieldPaths.Segment> segments;
        try {
            segments = FieldPaths.parse(path);
        } catch (RuntimeException e) {
            return null;
        }
        for (FieldPaths.Segment s : segments) {
            if (s.index() != null) {
                n = n.path("items");
            } else if (n.path("properties").has(s.name())) {
                n = n.path("properties").path(s.name());
            } else if (n.path("additionalProperties").isObject()) {
                n = n.path("additionalProperties");
            } else {
                return null;
            }
            if (n.isMissingNode()) {
                return null;
            }
        }
        return n;
    }
}
