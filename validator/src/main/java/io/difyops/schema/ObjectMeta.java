package io.difyops.schema;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The schema of {@code metadata} (ObjectMeta) that the API server applies to every object. */
final class ObjectMeta {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ObjectMeta() {
    }

    private static ObjectNode type(String t) {
        return F.objectNode().put("type", t);
    }

    private static ObjectNode nullable(String t) {
        ObjectNode n = F.objectNode();
        n.putArray("type").add(t).add("null");
        return n;
    }

    static ObjectNode schema(boolean strict) {
        ObjectNode m = F.objectNode().put("type", "object");
        ObjectNode p = m.putObject("properties");
        p.set("name", nullable("string"));
        p.set("generateName", nullable("string"));
        p.set("namespace", nullable("string"));
        p.set("uid", nullable("string"));
        p.set("resourceVersion", nullable("string"));
        p.set("selfLink", nullable("string"));
        p.set("generation", nullable("integer"));
        p.set("creationTimestamp", nullable("string"));
        p.set("deletionTimestamp", nullable("string"));
        p.set("deletionGracePeriodSeconds", nullable("integer"));
        ObjectNode labels = nullable("object");
        labels.set("additionalProperties", nullable("string"));
        p.set("labels", labels);
        ObjectNode annotations = nullable("object");
        annotations.set("additionalProperties", nullable("string"));
        p.set("annotations", annotations);
        ObjectNode finalizers = nullable("array");
        finalizers.set("items", type("string"));
        p.set("finalizers", finalizers);
        ObjectNode owners = nullable("array");
        owners.set("items", type("object"));
        p.set("ownerReferences", owners);
        ObjectNode managed = nullable("array");
        managed.set("items", type("object"));
        p.set("managedFields", managed);
        if (strict) {
            m.put("additionalProperties", false);
        }
        return m;
    }
}
