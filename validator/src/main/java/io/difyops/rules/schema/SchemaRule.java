package io.difyops.rules.schema;

import io.difyops.cel.CelRules;
import io.difyops.load.Resource;
import io.difyops.schema.CrdConverter;
import java.util.List;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.JsonSchemas;
import io.difyops.schema.SchemaStore;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "schema", severity = Severity.ERROR, generic = true,
        summary = "An object does not match the schema of its kind.",
        explanation = """
                Every object is validated against the JSON Schema of its apiVersion and kind: CRDs and
                XRDs found in the repository first, then each `--schema-location` in order. CRD
                schemas are converted as Flux and kubeconform convert them.

                Strict mode (the default) refuses fields the schema does not define: a misspelt
                `replicaCount` is an error rather than a silently ignored value. `--no-strict` allows
                unknown fields.

                Values that Flux substitutes (`${VAR}` under a Kustomization with `postBuild`) and
                SOPS-encrypted values are not judged.

                Fix the value at the line named. `difyops explain schema` prints this text.
                """)
public final class SchemaRule implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        if (r.origin() != Resource.Origin.PATCH && (CrdConverter.isCrd(r.node()) || CrdConverter.isXrd(r.node()))) {
            checkDefinition(r, ctx, out);
        }
        SchemaStore.Lookup lookup = r.origin() == Resource.Origin.PATCH ? ctx.schemas().lookupPatch(r.gvk()) : ctx.schemas().lookup(r.gvk());
        if (lookup.brokenSchema() != null) {
            out.report(SchemaRule.class, r, "", "the schema for " + r.gvk() + " cannot be used: " + lookup.brokenSchema());
            return;
        }
        if (!lookup.found()) {
            return;
        }
        for (JsonSchemas.Violation v : JsonSchemas.validate(lookup.schema().schema(), Tolerance.forSchema(r, ctx))) {
            if (Tolerance.tolerated(r, ctx, v.pointer())) {
                continue;
            }
            out.report(SchemaRule.class, r, v.pointer(), (v.pointer().isEmpty() ? "" : v.pointer() + ": ") + v.message() + advice(v, r.node().at(v.pointer())));
        }
    }

    /** A CRD or XRD must give usable schemas and CEL rules that compile. */
    private static void checkDefinition(Resource r, RuleContext ctx, Findings out) {
        var structure = CrdConverter.shape(r.node());
        if (structure.isPresent()) {
            out.report(SchemaRule.class, r, structure.get().pointer(), "this definition cannot be read, so no schema comes from it: "
                    + structure.get().problem() + " (the API server refuses it the same way)");
            return;
        }
        var shape = CrdConverter.shapeProblem(r.node());
        if (shape.isPresent()) {
            out.report(SchemaRule.class, r, "/spec/versions", "this definition cannot be read, so no schema comes from it: " + shape.get());
            return;
        }
        List<CrdConverter.Version> versions = CrdConverter.versions(r.node());
        for (int i = 0; i < versions.size(); i++) {
            CrdConverter.Version v = versions.get(i);
            String problem = ctx.schemas().definitionProblem(v);
            if (problem != null) {
                out.report(SchemaRule.class, r, "/spec/versions", "version " + v.version() + " has a schema that cannot be used: " + problem);
                continue;
            }
            for (CelRules.Site site : CelRules.sites(v.openApiSchema())) {
                try {
                    ctx.cel().program(site.expression());
                } catch (IllegalArgumentException e) {
                    out.report(SchemaRule.class, r, "/spec/versions", "version " + v.version() + ": the CEL rule '" + site.expression()
                            + "' at " + site.schemaPath() + " does not compile: " + e.getMessage());
                }
            }
        }
    }

    private static final java.util.regex.Pattern MULTIPLE_OF = java.util.regex.Pattern.compile("multiple of (-?[0-9]+(?:\\.[0-9]+)?)");

    private static String advice(JsonSchemas.Violation v, JsonNode value) {
        return switch (v.keyword()) {
            case "multipleOf" -> nearestMultiples(v.message(), value);
            case "additionalProperties", "unevaluatedProperties" -> ". The schema has no such field: fix its spelling or remove it (--no-strict allows unknown fields)";
            case "required" -> ". Add it";
            case "type" -> ". Use a value of the type the schema names";
            case "enum", "const" -> ". Use one of the allowed values";
            case "pattern", "format" -> ". Use a value in the expected form";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems" ->
                    ". Stay within the bounds";
            default -> "";
        };
    }

    /** ". Use 800 or 805" for 803 and multipleOf 5: the two allowed values on either side. */
    static String nearestMultiples(String message, JsonNode value) {
        var m = MULTIPLE_OF.matcher(message);
        if (!m.find() || !value.isNumber()) {
            return "";
        }
        java.math.BigDecimal step = new java.math.BigDecimal(m.group(1));
        if (step.signum() <= 0) {
            return "";
        }
        java.math.BigDecimal x = value.decimalValue();
        java.math.BigDecimal below = x.divide(step, 0, java.math.RoundingMode.FLOOR).multiply(step);
        java.math.BigDecimal above = below.add(step);
        return ". Use " + below.stripTrailingZeros().toPlainString() + " or " + above.stripTrailingZeros().toPlainString();
    }
}
