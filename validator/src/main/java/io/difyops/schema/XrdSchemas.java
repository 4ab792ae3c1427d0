package io.difyops.schema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields Crossplane adds to composite resources and claims on top of an XRD's own schema, so
 * that a composite resource in git that sets them is not refused in strict mode.
 */
final class XrdSchemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private XrdSchemas() {
    }

    private static ObjectNode open() {
        return F.objectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    }

    private static ObjectNode ref() {
        ObjectNode r = F.objectNode().put("type", "object");
        r.putObject("properties").set("name", F.objectNode().put("type", "string"));
        r.withObjectProperty("properties").set("namespace", F.objectNode().put("type", "string"));
        return r;
    }

    /** The composite resource schema for an XRD version (v1 puts Crossplane's fields in spec, v2 in spec.crossplane). */
    static JsonNode composite(JsonNode schema, JsonNode xrd) {
        ObjectNode s = (ObjectNode) schema.deepCopy();
        ObjectNode spec = s.withObjectProperty("properties").withObjectProperty("spec");
        if (!spec.has("type")) {
            spec.put("type", "object");
        }
        ObjectNode props = spec.withObjectProperty("properties");
        boolean v2 = xrd.path("apiVersion").asString("").endsWith("/v2");
        if (v2) {
            ObjectNode cp = F.objectNode().put("type", "object");
            ObjectNode cpp = cp.putObject("properties");
            cpp.set("compositionRef", ref());
            cpp.set("compositionSelector", open());
            cpp.set("compositionRevisionRef", ref());
            cpp.set("compositionRevisionSelector", open());
            cpp.set("compositionUpdatePolicy", F.objectNode().put("type", "string"));
            cpp.set("resourceRefs", F.objectNode().put("type", "array").set("items", open()));
            props.set("crossplane", cp);
            props.set("writeConnectionSecretToRef", ref());
        } else {
            props.set("compositionRef", ref());
            props.set("compositionSelector", open());
            props.set("compositionRevisionRef", ref());
            props.set("compositionRevisionSelector", open());
            props.set("compositionUpdatePolicy", F.objectNode().put("type", "string"));
            props.set("resourceRefs", F.objectNode().put("type", "array").set("items", open()));
            props.set("claimRef", open());
            props.set("writeConnectionSecretToRef", ref());
            props.set("publishConnectionDetailsTo", open());
        }
        keepOrOpenStatus(s);
        return s;
    }

    /** The XRD's own status schema stays (patches to it are checked); Crossplane's conditions are added. */
    private static void keepOrOpenStatus(ObjectNode s) {
        ObjectNode props = s.withObjectProperty("properties");
        if (!props.has("status")) {
            props.set("status", open());
            return;
        }
        ObjectNode status = (ObjectNode) props.get("status");
        ObjectNode sp = status.withObjectProperty("properties");
        sp.set("conditions", F.objectNode().put("type", "array").set("items", open()));
        sp.set("connectionDetails", open());
        sp.set("crossplane", open());
    }

    /** A v1 claim's schema: the XRD's schema plus the claim's Crossplane fields. */
    static JsonNode claim(JsonNode schema) {
        ObjectNode s = schema.isObject() ? (ObjectNode) schema.deepCopy() : F.objectNode();
        ObjectNode props = s.withObjectProperty("properties").withObjectProperty("spec").withObjectProperty("properties");
        props.set("compositionRef", ref());
        props.set("compositionSelector", open());
        props.set("compositionRevisionRef", ref());
        props.set("compositionRevisionSelector", open());
        props.set("compositionUpdatePolicy", F.objectNode().put("type", "string"));
        props.set("compositeDeletePolicy", F.objectNode().put("type", "string"));
        props.set("resourceRef", open());
        props.set("writeConnectionSecretToRef", ref());
        props.set("publishConnectionDetailsTo", open());
        keepOrOpenStatus(s);
        return s;
    }
}
