package io.difyops.rules.flux;

import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import tools.jackson.databind.JsonNode;

/**
 * The connection Secret a function-patch-and-transform Composition writes for one composite
 * resource: its {@code writeConnectionSecretToRef}, with {@code FromCompositeFieldPath} patches and
 * string {@code Format} transforms evaluated against the composite resource.
 */
final class CompositionSecrets {
    /** Receives one connection Secret. */
    interface Sink {
        void accept(Resource xr, String namespace, String name);
    }

    private CompositionSecrets() {
    }

    static void each(Resource composition, Repository repo, Sink sink) {
        JsonNode ref = composition.node().path("spec").path("compositeTypeRef");
        if (!ref.path("kind").isString()) {
            return;
        }
        Gvk type = Gvk.of(ref.path("apiVersion").asString(""), ref.path("kind").asString(""));
        for (JsonNode step : composition.node().path("spec").path("pipeline")) {
            JsonNode wcs = step.path("input").path("writeConnectionSecretToRef");
            if (!wcs.isObject()) {
                continue;
            }
            for (Resource xr : repo.ofKind(type.group(), type.kind())) {
                String name = wcs.path("name").asString("");
                String ns = wcs.path("namespace").asString("");
                boolean known = true;
                for (JsonNode patch : wcs.path("patches")) {
                    String value = evaluate(xr, patch);
                    if (value == null) {
                        known = false;
                        continue;
                    }
                    switch (patch.path("toFieldPath").asString("")) {
                        case "name" -> name = value;
                        case "namespace" -> ns = value;
                        default -> {
                        }
                    }
                }
                if (known && !name.isEmpty()) {
                    sink.accept(xr, ns, name);
                }
            }
        }
    }

    /** The value a FromCompositeFieldPath patch with Format transforms gives, or null. */
    static String evaluate(Resource xr, JsonNode patch) {
        if (!"FromCompositeFieldPath".equals(patch.path("type").asString("FromCompositeFieldPath"))) {
            return null;
        }
        JsonNode v = xr.node();
        for (String part : patch.path("fromFieldPath").asString("").split("\\.")) {
            v = v.path(part);
        }
        if (!v.isValueNode()) {
            return null;
        }
        String value = v.asString("");
        for (JsonNode t : patch.path("transforms")) {
            if (!"string".equals(t.path("type").asString("")) || !"Format".equals(t.path("string").path("type").asString(""))) {
                return null;
            }
            value = String.format(t.path("string").path("fmt").asString("%s"), value);
        }
        return value;
    }
}
