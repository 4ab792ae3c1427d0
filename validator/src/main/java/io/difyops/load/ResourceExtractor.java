package io.difyops.load;

import io.difyops.diag.Findings;
import io.difyops.load.ResourceIdentity;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns documents into resources: checks apiVersion and kind, and expands {@code v1 List}. */
public final class ResourceExtractor {
    private ResourceExtractor() {
    }

    public static void extract(YamlDocument doc, Resource.Origin origin, String renderedBy, Findings out, Consumer<Resource> sink) {
        extract(doc, "", doc.root(), origin, renderedBy, out, sink);
    }

    private static void extract(YamlDocument doc, String base, JsonNode node, Resource.Origin origin, String renderedBy,
                                Findings out, Consumer<Resource> sink) {
        if (!(node instanceof ObjectNode obj)) {
            out.reportAt(ResourceIdentity.class, doc.file(), doc.map().find(base), base,
                    "this document is a " + kindOf(node) + ", not a Kubernetes object; manifests must be mappings with apiVersion and kind");
            return;
        }
        JsonNode av = obj.get("apiVersion");
        JsonNode kind = obj.get("kind");
        boolean badKind = kind == null || !kind.isString() || kind.asString("").isBlank();
        boolean badAv = av == null || !av.isString() || av.asString("").isBlank();
        if (badKind || badAv) {
            String missing = badKind && badAv ? "'apiVersion' and 'kind' keys" : badKind ? "'kind' key" : "'apiVersion' key";
            out.reportAt(ResourceIdentity.class, doc.file(), doc.map().find(base), base,
                    "missing " + missing + " (or empty); every manifest document needs apiVersion and kind. "
                            + "If this file is not a manifest, list it under ignore: in .difyops.yaml");
            return;
        }
        Gvk gvk = Gvk.of(av.asString(""), kind.asString(""));
        if (gvk.group().isEmpty() && "v1".equals(gvk.version()) && "List".equals(gvk.kind())) {
            JsonNode items = obj.get("items");
            if (items != null && items.isArray()) {
                List<JsonNode> list = items.valueStream().toList();
                for (int i = 0; i < list.size(); i++) {
                    extract(doc, base + "/items/" + i, list.get(i), origin, renderedBy, out, sink);
                }
            }
            return;
        }
        sink.accept(new Resource(doc, base, obj, gvk, origin, renderedBy));
    }

    private static String kindOf(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        if (n.isArray()) {
            return "sequence";
        }
        return n.isString() ? "string" : "scalar";
    }
}
