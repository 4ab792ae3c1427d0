package io.difyops.rules.schema;

import io.difyops.cel.CelRules;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.SchemaStore;

@RuleInfo(id = "cel", severity = Severity.ERROR, generic = true,
        summary = "An object breaks a CEL rule (x-kubernetes-validations) of its schema.",
        explanation = """
                CRDs carry cross-field rules as CEL expressions, for example Flux's "either chart or
                chartRef must be set" on a HelmRelease. The API server would refuse the object on
                create; this rule evaluates the same expressions with the same defaults first.

                Transition rules (those that use `oldSelf`, such as the platform API's immutable
                region, zones, network plugin, Service CIDR and vector store type) are checked against
                the same object (same file, kind and name) at the base of the change, as the API server
                checks an update; a new object has none.

                The message is the rule's own; fix the object so the rule holds.
                """)
public final class CelRule implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (r.origin() == Resource.Origin.PATCH) {
            return;
        }
        SchemaStore.Lookup lookup = ctx.schemas().lookup(r.gvk());
        if (!lookup.found()) {
            return;
        }
        // Transition rules (oldSelf: immutable fields) are checked against the same object at the base.
        tools.jackson.databind.JsonNode old = ctx.base().flatMap(b -> b.model().find(r.file(), r.kind(), r.name()))
                .filter(o -> o.gvk().equals(r.gvk())).map(Resource::node).orElse(null);
        java.util.List<CelRules.Violation> violations = ctx.cel().validate(lookup.schema().document(), Tolerance.forSchema(r, ctx), old);
        java.util.List<String> schemaErrors = null;
        for (CelRules.Violation v : violations) {
            if (Tolerance.substitutedUnder(r, ctx, v.pointer())) {
                continue; // the values Flux substitutes are not known yet
            }
            if (v.evaluationError()) {
                if (schemaErrors == null) {
                    schemaErrors = io.difyops.schema.JsonSchemas.validate(lookup.schema().schema(), Tolerance.forSchema(r, ctx)).stream()
                            .map(io.difyops.schema.JsonSchemas.Violation::pointer).toList();
                }
                if (schemaErrors.stream().anyMatch(p -> p.startsWith(v.pointer()))) {
                    continue; // a wrongly typed value is already reported by the schema rule
                }
            }
            out.report(CelRule.class, r, v.pointer(), (v.pointer().isEmpty() ? "/" : v.pointer()) + ": Invalid value: " + v.message());
        }
    }
}
