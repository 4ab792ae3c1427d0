package io.difyops.rules.schema;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.SchemaStore;

@RuleInfo(id = "schema-missing", severity = Severity.ERROR, generic = true,
        summary = "No schema was found for an object's apiVersion and kind.",
        explanation = """
                An object whose kind has no schema is not validated at all, so a typo in its
                `apiVersion` or in any field would pass. The gate therefore fails closed.

                Give the schema: pin the package, chart or Flux/Kubernetes version that installs the kind
                and run `difyops schemas lock` (its schema lands in `schemas/`), commit the CRD, or pass
                `--schema-location` with a directory of CRDs
                or JSON Schemas (or set `schemaLocations:` in `.difyops.yaml`). If the kind really
                cannot be checked, `--ignore-missing-schemas` turns this error into a skip, and
                `--skip KIND` skips the kind.
                """)
public final class SchemaMissing implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (CrdConverter.isCrd(r.node())) {
            return; // a CRD is checked by converting its schema (schema rule), not against a schema of CRDs
        }
        SchemaStore.Lookup lookup = ctx.schemas().lookup(r.gvk());
        if (lookup.found() || lookup.brokenSchema() != null || !lookup.unreachable().isEmpty() || ctx.options().ignoreMissingSchemas()) {
            return;
        }
        out.report(SchemaMissing.class, r, "/apiVersion", "no schema for kind \"" + r.kind() + "\" in version \"" + r.apiVersion()
                + "\"; could not find schema for " + r.kind() + ". Lock the source that installs it (difyops schemas lock), "
                + "add its CRD, or pass --schema-location (--ignore-missing-schemas skips it)");
    }
}
