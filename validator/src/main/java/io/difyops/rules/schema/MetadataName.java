package io.difyops.rules.schema;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.ObjectMetaChecks;

@RuleInfo(id = "metadata-name", severity = Severity.ERROR, generic = true,
        summary = "metadata has no name, or a name, namespace, label or annotation Kubernetes would refuse.",
        explanation = """
                The API server checks `metadata` before any schema:

                - `name` is required unless `generateName` is set;
                - names are DNS-1123 subdomains (Namespaces DNS-1123 labels, Services DNS-1035
                  labels, RBAC objects only refuse `/` and `%`);
                - a namespace is a DNS-1123 label, so it has no dots;
                - label keys are qualified names (`prefix/name`), label values are strings of at most
                  63 characters;
                - annotation keys are qualified names and all annotations together stay under 256 KiB.

                This rule runs even when a kind has no schema.
                """)
public final class MetadataName implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (r.origin() == Resource.Origin.PATCH) {
            return;
        }
        for (ObjectMetaChecks.Problem p : ObjectMetaChecks.check(r.gvk().group(), r.kind(), r.node().get("metadata"),
                v -> Tolerance.substituted(r, ctx, v))) {
            out.report(MetadataName.class, r, p.pointer(), p.pointer() + ": " + p.message());
        }
    }
}
