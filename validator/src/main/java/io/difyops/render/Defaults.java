package io.difyops.render;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structural defaulting as the API server does it: a missing property with a {@code default} gets
 * it, then defaults apply inside every object present (an object defaulted to {@code {}} gets its
 * own properties' defaults), and inside the items of arrays.
 */
final class Defaults {
    private Defaults() {
    }

    static void apply(JsonNode schema, JsonNode value) {
        if (value == null || schema == null) {
            return;
        }
        if (value.isObject()) {
            ObjectNode o = (ObjectNode) value;
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                if (!o.has(p.getKey()) && p.getValue().has("default")) {
                    o.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (o.has(p.getKey())) {
                    apply(p.getValue(), o.get(p.getKey()));
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (JsonNode item : value) {
                apply(schema.get("items"), item);
            }
        }
    }
}
