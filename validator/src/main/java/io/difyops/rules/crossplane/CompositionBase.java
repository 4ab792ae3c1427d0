package io.difyops.rules.crossplane;

import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import io.difyops.schema.JsonSchemas;
import io.difyops.schema.SchemaStore;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "composition-base", severity = Severity.ERROR, appliesTo = AppliesTo.COMPOSITION,
        summary = "A composed resource's base in a Composition does not match its CRD.",
        explanation = """
                The `base` of each composed resource is an object of a managed-resource kind, but
                Kubernetes never validates it where it is written: a misspelt field in a base is
                only noticed when Crossplane creates the resource, or never, when the provider ignores
                it. Each base is validated here against its CRD as a patch is: types, enums and unknown
                fields (strict mode), without required fields, since patches fill those in.
                """)
public final class CompositionBase implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        CompositionWalker.walk(r, new CompositionWalker.Visitor() {
            @Override
            public void base(String resource, Gvk target, JsonNode base, String pointer) {
                SchemaStore.Lookup l = ctx.schemas().lookupPatch(target);
                if (!l.found()) {
                    return;
                }
                for (JsonSchemas.Violation v : JsonSchemas.validate(l.schema().schema(), base)) {
                    if (v.keyword().equals("required")) {
                        continue;
                    }
                    out.report(CompositionBase.class, r, pointer + v.pointer(), "base of resource '" + resource + "' ("
                            + target.kind() + "): " + (v.pointer().isEmpty() ? "" : v.pointer() + ": ") + v.message() + ". Fix the base");
                }
            }
        });
    }
}
