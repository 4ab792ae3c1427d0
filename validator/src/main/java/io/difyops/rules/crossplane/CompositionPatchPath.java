package io.difyops.rules.crossplane;

import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.AppliesTo;
import io.difyops.diag.Severity;
import io.difyops.schema.FieldPaths;
import io.difyops.schema.SchemaStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

@RuleInfo(id = "composition-patch-path", severity = Severity.ERROR, appliesTo = AppliesTo.COMPOSITION,
        summary = "A Composition patch reads or writes a field that its schema does not have.",
        explanation = """
                Crossplane applies patches silently: a `fromFieldPath` that names no field of the
                composite resource copies nothing, and a `toFieldPath` with a typo writes a field the
                provider ignores (or the API server prunes). The environment then comes up with a
                default where the DifyEnvironment asked for something else.

                Every patch of function-patch-and-transform (and classic `spec.resources`) is checked:

                - `FromCompositeFieldPath`: `fromFieldPath` in the XRD's schema, `toFieldPath` in the
                  composed resource's CRD schema;
                - `ToCompositeFieldPath`: the other way round;
                - `CombineFromComposite` / `CombineToComposite`: every variable, and the target;
                - patch sets, for every resource that uses them;
                - connection-detail and readiness-check field paths in the composed resource;
                - connection-secret patches, which may only write `name` and `namespace`.

                Array indices (`vswitchIds[0]`) and map keys (`metadata.annotations[a/b]`) are followed;
                open parts of a schema accept any path. The message suggests the closest field name.
                """)
public final class CompositionPatchPath implements ResourceRule {
    private static final ObjectNode SECRET_REF = secretRefSchema();

    private static ObjectNode secretRefSchema() {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "object");
        s.putObject("properties").set("name", JsonNodeFactory.instance.objectNode().put("type", "string"));
        ((ObjectNode) s.get("properties")).set("namespace", JsonNodeFactory.instance.objectNode().put("type", "string"));
        s.put("additionalProperties", false);
        return s;
    }

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        Gvk xrType = CompositionWalker.compositeType(r);
        if (xrType == null) {
            return;
        }
        JsonNode xr = schema(ctx.schemas(), xrType);
        if (xr == null) {
            out.report(CompositionPatchPath.class, Severity.WARNING, r, "/spec/compositeTypeRef",
                    "no XRD or schema for the composite type " + xrType + ", so its patch paths were not checked; commit the XRD or pass its --schema-location");
        }
        Map<Gvk, JsonNode> targets = new HashMap<>();
        Set<String> reportedMissing = new HashSet<>();
        CompositionWalker.walk(r, new CompositionWalker.Visitor() {
            @Override
            public void patch(String resource, Gvk target, JsonNode patch, String pointer, String via) {
                JsonNode composed = target == null ? SECRET_REF : targets.computeIfAbsent(target, g -> schema(ctx.schemas(), g));
                if (composed == null && target != null) {
                    if (reportedMissing.add(target.toString())) {
                        out.report(CompositionPatchPath.class, Severity.WARNING, r, pointer, "no CRD for " + target
                                + ", so patches of resource '" + resource + "' were not checked; pass its --schema-location");
                    }
                    return;
                }
                String what = target == null ? "the connection secret reference" : target.kind() + " (" + target.apiVersion() + ")";
                String context = "resource '" + resource + "'" + (via == null ? "" : " through patch set '" + via + "'");
                String type = patch.path("type").asString("FromCompositeFieldPath");
                switch (type) {
                    case "FromCompositeFieldPath" -> {
                        path(r, out, patch, pointer, "fromFieldPath", xr, "the composite resource " + xrType.kind(), context);
                        path(r, out, patch, pointer, "toFieldPath", composed, what, context);
                    }
                    case "ToCompositeFieldPath" -> {
                        path(r, out, patch, pointer, "fromFieldPath", composed, what, context);
                        path(r, out, patch, pointer, "toFieldPath", xr, "the composite resource " + xrType.kind(), context);
                    }
                    case "CombineFromComposite" -> {
                        variables(r, out, patch, pointer, xr, "the composite resource " + xrType.kind(), context);
                        path(r, out, patch, pointer, "toFieldPath", composed, what, context);
                    }
                    case "CombineToComposite" -> {
                        variables(r, out, patch, pointer, composed, what, context);
                        path(r, out, patch, pointer, "toFieldPath", xr, "the composite resource " + xrType.kind(), context);
                    }
                    case "FromEnvironmentFieldPath", "CombineFromEnvironment" -> path(r, out, patch, pointer, "toFieldPath", composed, what, context);
                    case "ToEnvironmentFieldPath", "CombineToEnvironment" -> path(r, out, patch, pointer, "fromFieldPath", composed, what, context);
                    default -> {
                    }
                }
            }

            @Override
            public void composedPath(String resource, Gvk target, String path, String pointer) {
                if (target == null) {
                    return;
                }
                JsonNode composed = targets.computeIfAbsent(target, g -> schema(ctx.schemas(), g));
                if (composed == null) {
                    return;
                }
                FieldPaths.Problem p = FieldPaths.check(composed, path);
                if (p != null) {
                    out.report(CompositionPatchPath.class, r, pointer, "'" + path + "' of resource '" + resource + "' does not exist in "
                            + target.kind() + " (" + target.apiVersion() + "): " + p.message() + ". Fix the path");
                }
            }
        });
    }

    private static void variables(Resource r, Findings out, JsonNode patch, String pointer, JsonNode schema, String what, String context) {
        JsonNode vars = patch.path("combine").path("variables");
        for (int i = 0; i < vars.size(); i++) {
            path(r, out, vars.get(i), pointer + "/combine/variables/" + i, "fromFieldPath", schema, what, context);
        }
    }

    private static void path(Resource r, Findings out, JsonNode holder, String pointer, String key, JsonNode schema, String what, String context) {
        if (schema == null || !holder.path(key).isString()) {
            return;
        }
        String path = holder.path(key).asString("");
        FieldPaths.Problem p = FieldPaths.check(schema, path);
        if (p != null) {
            out.report(CompositionPatchPath.class, r, pointer + "/" + key, key + " '" + path + "' (" + context + ") does not exist in "
                    + what + ": " + p.message() + ". Fix the path, or add the field to the schema");
        }
    }

    private static JsonNode schema(SchemaStore store, Gvk gvk) {
        SchemaStore.Lookup l = store.lookup(gvk);
        return l.found() ? l.schema().document() : null;
    }
}
