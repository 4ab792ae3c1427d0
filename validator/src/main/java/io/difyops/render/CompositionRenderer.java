package io.difyops.render;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.difyops.cel.CelRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a composite resource through its Composition as Crossplane would, offline: the XRD's
 * defaults applied, each pipeline step run with the semantics of function-patch-and-transform
 * (patch sets, FromComposite/ToComposite/CombineFromComposite patches, Required and Optional
 * policies, transforms) and function-cel-filter (anchored name regexps, CEL on the observed
 * composite), and the observed status of composed resources simulated, reconcile after reconcile,
 * until the composite's status settles.
 *
 * <p>A resource whose Required patch has no value yet is held back (function-patch-and-transform
 * warns and leaves it out of the desired state); after the status settles, nothing should be.
 */
public final class CompositionRenderer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_RECONCILES = 6;

    /** A composed resource as the pipeline desires it. */
    public record Composed(String name, ObjectNode object) {
    }

    /** A resource template left out of the desired state, and why. */
    public record HeldBack(String name, String reason) {
    }

    /**
     * The outcome: the composite with its defaults and simulated status, the resources the
     * pipeline desires, those held back by Required patches, those filtered out, and the reconciles
     * it took.
     */
    public record Result(ObjectNode composite, List<Composed> composed, List<HeldBack> heldBack, List<String> filteredOut,
                         int reconciles) {
    }

    /** Thrown for a Composition the renderer cannot run (an unsupported function, patch or transform). */
    public static final class RenderException extends Exception {
        public RenderException(String message) {
            super(message);
        }
    }

    private final CelCompiler celCompiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
            .addVar("observed", SimpleType.DYN).addVar("desired", SimpleType.DYN).addVar("context", SimpleType.DYN).build();
    private final CelRuntime celRuntime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private final Map<String, CelRuntime.Program> programs = new java.util.HashMap<>();

    /** Renders {@code composite} (a composite resource object) with {@code composition}; {@code xrd} supplies defaults. */
    public Result render(JsonNode composite, JsonNode xrd, JsonNode composition) throws RenderException {
        ObjectNode xr = (ObjectNode) composite.deepCopy();
        Defaults.apply(xrdSchema(xrd, xr), xr);
        ObjectNode meta = xr.withObjectProperty("metadata");
        if (!meta.has("uid")) {
            meta.put("uid", Simulation.uid(meta.path("name").asString("")));
        }
        Pass pass = null;
        int reconciles = 0;
        for (int i = 0; i < MAX_RECONCILES; i++) {
            reconciles++;
            pass = pipeline(xr, composition);
            ObjectNode next = (ObjectNode) xr.deepCopy();
            for (Composed c : pass.composed) {
                ObjectNode observed = Simulation.observe(c, pass.templates.get(c.name()));
                for (JsonNode patch : pass.patches.get(c.name())) {
                    toComposite(patch, observed, next);
                }
            }
            if (next.equals(xr)) {
                break;
            }
            xr = next;
        }
        return new Result(xr, pass.composed, pass.heldBack, pass.filteredOut, reconciles);
    }

    private record Pass(List<Composed> composed, List<HeldBack> heldBack, List<String> filteredOut, Map<String, JsonNode> templates,
                        Map<String, List<JsonNode>> patches) {
    }

    private Pass pipeline(ObjectNode xr, JsonNode composition) throws RenderException {
        Map<String, Composed> desired = new LinkedHashMap<>();
        List<HeldBack> held = new ArrayList<>();
        List<String> filtered = new ArrayList<>();
        Map<String, JsonNode> templates = new LinkedHashMap<>();
        Map<String, List<JsonNode>> patchesOf = new LinkedHashMap<>();
        for (JsonNode step : composition.path("spec").path("pipeline")) {
            JsonNode input = step.path("input");
            String kind = input.path("kind").asString("");
            String group = input.path("apiVersion").asString("");
            if (group.startsWith("pt.fn.crossplane.io/") && "Resources".equals(kind)) {
                Map<String, List<JsonNode>> sets = new LinkedHashMap<>();
                for (JsonNode ps : input.path("patchSets")) {
                    List<JsonNode> l = new ArrayList<>();
                    ps.path("patches").forEach(l::add);
                    sets.put(ps.path("name").asString(""), l);
                }
                for (JsonNode t : input.path("resources")) {
                    String name = t.path("name").asString("");
                    List<JsonNode> patches = expand(t.path("patches"), sets, name);
                    templates.put(name, t);
                    patchesOf.put(name, patches);
                    if (!t.has("base")) {
                        throw new RenderException("resource " + name + " has no base template");
                    }
                    ObjectNode obj = (ObjectNode) t.path("base").deepCopy();
                    String reason = null;
                    for (JsonNode p : patches) {
                        reason = fromComposite(p, xr, obj);
                        if (reason != null) {
                            break;
                        }
                    }
                    if (reason != null) {
                        held.add(new HeldBack(name, reason));
                        desired.remove(name);
                        continue;
                    }
                    ObjectNode m = obj.withObjectProperty("metadata");
                    if (!m.has("name")) {
                        m.put("name", xr.path("metadata").path("name").asString("") + "-" + name);
                    }
                    m.withObjectProperty("annotations").put("crossplane.io/composition-resource-name", name);
                    m.withObjectProperty("labels").put("crossplane.io/composite", xr.path("metadata").path("name").asString(""));
                    desired.put(name, new Composed(name, obj));
                }
            } else if (group.startsWith("cel.fn.crossplane.io/") && "Filters".equals(kind)) {
                Map<String, Object> observed = Map.of("composite", Map.of("resource", CelRules.toCel(xr)));
                for (JsonNode f : input.path("filters")) {
                    Pattern re;
                    try {
                        re = Pattern.compile("^" + f.path("name").asString("") + "$");
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new RenderException("filter name " + f.path("name").asString("") + " is not a regular expression");
                    }
                    boolean include = cel(f.path("expression").asString(""), observed);
                    if (include) {
                        continue;
                    }
                    for (String n : new ArrayList<>(desired.keySet())) {
                        if (re.matcher(new io.difyops.load.BoundedChars(n)).matches()) {
                            desired.remove(n);
                            filtered.add(n);
                        }
                    }
                    for (HeldBack h : new ArrayList<>(held)) {
                        if (re.matcher(h.name()).matches()) {
                            held.remove(h);
                            filtered.add(h.name());
                        }
                    }
                }
            } else {
                throw new RenderException("step " + step.path("step").asString("") + " uses " + group + " " + kind
                        + ", which difyops render cannot run");
            }
        }
        return new Pass(new ArrayList<>(desired.values()), held, filtered, templates, patchesOf);
    }

    private boolean cel(String expression, Map<String, Object> observed) throws RenderException {
        try {
            CelRuntime.Program program = programs.get(expression);
            if (program == null) {
                program = celRuntime.createProgram(celCompiler.compile(expression).getAst());
                programs.put(expression, program);
            }
            long[] spent = {0};
            Object r = program.trace(Map.of("observed", observed, "desired", Map.of(), "context", Map.of()), (e, v) -> {
                if (++spent[0] > CelRules.PER_CALL_LIMIT) {
                    throw new IllegalStateException("cost");
                }
            });
            if (!(r instanceof Boolean b)) {
                throw new RenderException("filter expression " + expression + " does not return a boolean");
            }
            return b;
        } catch (IllegalStateException e) {
            throw new RenderException("filter expression " + expression + " exceeds the CEL cost limit of " + CelRules.PER_CALL_LIMIT);
        } catch (dev.cel.common.CelValidationException | dev.cel.runtime.CelEvaluationException e) {
            if (e.getCause() instanceof IllegalStateException) {
                throw new RenderException("filter expression " + expression + " exceeds the CEL cost limit of " + CelRules.PER_CALL_LIMIT);
            }
            // function-cel-filter makes this fatal: the whole composition stops
            throw new RenderException("filter expression " + expression + " fails: " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static List<JsonNode> expand(JsonNode patches, Map<String, List<JsonNode>> sets, String resource) throws RenderException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : patches) {
            if ("PatchSet".equals(p.path("type").asString(""))) {
                List<JsonNode> set = sets.get(p.path("patchSetName").asString(""));
                if (set == null) {
                    throw new RenderException(resource + ": no patch set " + p.path("patchSetName").asString(""));
                }
                out.addAll(set);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Applies a patch from the composite; returns why a Required one could not apply, or null. */
    private static String fromComposite(JsonNode p, ObjectNode xr, ObjectNode obj) throws RenderException {
        String type = p.path("type").asString("FromCompositeFieldPath");
        boolean required = "Required".equals(p.path("policy").path("fromFieldPath").asString(""));
        String to = p.path("toFieldPath").asString("");
        try {
            switch (type) {
                case "FromCompositeFieldPath" -> {
                    String from = p.path("fromFieldPath").asString("");
                    JsonNode v = FieldPath.get(xr, from);
                    if (v == null) {
                        return required ? "Required field " + from + " of the composite has no value" : null;
                    }
                    FieldPath.set(obj, to.isEmpty() ? from : to, Transforms.apply(p.path("transforms"), v));
                }
                case "CombineFromComposite" -> {
                    JsonNode combine = p.path("combine");
                    List<JsonNode> values = new ArrayList<>();
                    for (JsonNode var : combine.path("variables")) {
                        JsonNode v = FieldPath.get(xr, var.path("fromFieldPath").asString(""));
                        if (v == null) {
                            return required ? "Required field " + var.path("fromFieldPath").asString("") + " of the composite has no value" : null;
                        }
                        values.add(v);
                    }
                    if (!"string".equals(combine.path("strategy").asString(""))) {
                        throw new RenderException("combine strategy " + combine.path("strategy").asString("") + " is not supported");
                    }
                    JsonNode v = F.stringNode(Transforms.goFormat(combine.path("string").path("fmt").asString(""), values.toArray(JsonNode[]::new)));
                    FieldPath.set(obj, to, Transforms.apply(p.path("transforms"), v));
                }
                case "ToCompositeFieldPath", "CombineToComposite" -> {
                }
                default -> throw new RenderException("patch type " + type + " is not supported by difyops render");
            }
        } catch (IllegalArgumentException e) {
            return (required ? "" : "(Optional) ") + "patch to " + to + " fails: " + e.getMessage();
        }
        return null;
    }

    private static void toComposite(JsonNode p, ObjectNode observed, ObjectNode xr) {
        if (!"ToCompositeFieldPath".equals(p.path("type").asString(""))) {
            return;
        }
        String from = p.path("fromFieldPath").asString("");
        JsonNode v = FieldPath.get(observed, from);
        if (v != null) {
            try {
                FieldPath.set(xr, p.path("toFieldPath").asString(from), Transforms.apply(p.path("transforms"), v));
            } catch (IllegalArgumentException e) {
                // function-patch-and-transform warns and goes on
            }
        }
    }

    /** The openAPIV3Schema of the XRD version the composite uses (or an empty schema). */
    private static JsonNode xrdSchema(JsonNode xrd, JsonNode xr) {
        String version = xr.path("apiVersion").asString("");
        version = version.substring(version.indexOf('/') + 1);
        for (JsonNode v : xrd.path("spec").path("versions")) {
            if (v.path("name").asString("").equals(version)) {
                return v.path("schema").path("openAPIV3Schema");
            }
        }
        return F.objectNode();
    }
}
