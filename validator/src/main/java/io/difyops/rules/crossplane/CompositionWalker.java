package io.difyops.rules.crossplane;

import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Walks the function-patch-and-transform {@code Resources} of a Composition (pipeline mode, or the
 * classic {@code spec.resources}) and hands every composed resource, patch and field reference
 * to a visitor, with its JSON pointer in the Composition document.
 */
final class CompositionWalker {
    /** What the walker reports. Every method has a do-nothing default. */
    interface Visitor {
        /** A composed resource's base, at {@code pointer} (the base object). */
        default void base(String resourceName, Gvk target, JsonNode base, String pointer) {
        }

        /**
         * A patch at {@code pointer} applied to {@code target} (null for a connection-secret patch).
         * {@code via} names the patch set it comes from, or is null.
         */
        default void patch(String resourceName, Gvk target, JsonNode patch, String pointer, String via) {
        }

        /** A path read from the composed resource (connection details, readiness checks). */
        default void composedPath(String resourceName, Gvk target, String path, String pointer) {
        }
    }

    private CompositionWalker() {
    }

    /** The composite type the Composition is for, or null. */
    static Gvk compositeType(Resource r) {
        JsonNode ref = r.node().path("spec").path("compositeTypeRef");
        String av = ref.path("apiVersion").asString("");
        String kind = ref.path("kind").asString("");
        return av.isEmpty() || kind.isEmpty() ? null : Gvk.of(av, kind);
    }

    static void walk(Resource r, Visitor v) {
        JsonNode spec = r.node().path("spec");
        if (spec.path("resources").isArray()) {
            walkResources(spec, "/spec", v);
        }
        JsonNode pipeline = spec.path("pipeline");
        for (int i = 0; i < pipeline.size(); i++) {
            JsonNode input = pipeline.get(i).path("input");
            if (input.path("apiVersion").asString("").startsWith("pt.fn.crossplane.io/") && "Resources".equals(input.path("kind").asString(""))) {
                walkResources(input, "/spec/pipeline/" + i + "/input", v);
            }
        }
    }

    private static void walkResources(JsonNode input, String at, Visitor v) {
        Map<String, JsonNode> sets = new HashMap<>();
        Map<String, String> setPointers = new HashMap<>();
        JsonNode patchSets = input.path("patchSets");
        for (int i = 0; i < patchSets.size(); i++) {
            sets.put(patchSets.get(i).path("name").asString(""), patchSets.get(i).path("patches"));
            setPointers.put(patchSets.get(i).path("name").asString(""), at + "/patchSets/" + i + "/patches");
        }
        JsonNode secretPatches = input.path("writeConnectionSecretToRef").path("patches");
        for (int i = 0; i < secretPatches.size(); i++) {
            v.patch("the connection secret", null, secretPatches.get(i), at + "/writeConnectionSecretToRef/patches/" + i, null);
        }
        JsonNode resources = input.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            JsonNode res = resources.get(i);
            String p = at + "/resources/" + i;
            String name = res.path("name").asString("#" + i);
            JsonNode base = res.path("base");
            Gvk target = base.path("apiVersion").isString() && base.path("kind").isString()
                    ? Gvk.of(base.path("apiVersion").asString(""), base.path("kind").asString("")) : null;
            if (target != null) {
                v.base(name, target, base, p + "/base");
            }
            JsonNode patches = res.path("patches");
            for (int j = 0; j < patches.size(); j++) {
                JsonNode patch = patches.get(j);
                if ("PatchSet".equals(patch.path("type").asString(""))) {
                    String set = patch.path("patchSetName").asString("");
                    JsonNode setPatches = sets.get(set);
                    if (setPatches != null) {
                        for (int k = 0; k < setPatches.size(); k++) {
                            v.patch(name, target, setPatches.get(k), setPointers.get(set) + "/" + k, set);
                        }
                    }
                } else {
                    v.patch(name, target, patch, p + "/patches/" + j, null);
                }
            }
            JsonNode details = res.path("connectionDetails");
            for (int j = 0; j < details.size(); j++) {
                if ("FromFieldPath".equals(details.get(j).path("type").asString("")) && details.get(j).has("fromFieldPath")) {
                    v.composedPath(name, target, details.get(j).path("fromFieldPath").asString(""), p + "/connectionDetails/" + j + "/fromFieldPath");
                }
            }
            JsonNode checks = res.path("readinessChecks");
            for (int j = 0; j < checks.size(); j++) {
                if (checks.get(j).has("fieldPath")) {
                    v.composedPath(name, target, checks.get(j).path("fieldPath").asString(""), p + "/readinessChecks/" + j + "/fieldPath");
                }
            }
        }
    }
}
