package io.difyops.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a CRD's (or an XRD's) {@code openAPIV3Schema} into a JSON Schema the way Flux's and
 * kubeconform's {@code openapi2jsonschema} do, then adds what the API server adds:
 *
 * <ul>
 *   <li>strict mode: {@code additionalProperties: false} on every object with properties, except under
 *       {@code x-kubernetes-preserve-unknown-fields}, and at the root;</li>
 *   <li>{@code x-kubernetes-int-or-string}: integer or string;</li>
 *   <li>{@code nullable}: {@code null} joins the allowed types;</li>
 *   <li>{@code x-kubernetes-embedded-resource}: apiVersion, kind and metadata are allowed;</li>
 *   <li>apiVersion and kind constants, and the ObjectMeta schema for {@code metadata}.</li>
 * </ul>
 *
 * The {@code x-kubernetes-*} keywords stay in place; CEL rules are read from them by {@code cel}.
 */
public final class CrdConverter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One served version of a custom resource definition. */
    public record Version(String group, String version, String kind, String scope, JsonNode openApiSchema) {
    }

    private CrdConverter() {
    }

    public static boolean isCrd(JsonNode doc) {
        return "CustomResourceDefinition".equals(doc.path("kind").asString(""))
                && doc.path("apiVersion").asString("").startsWith("apiextensions.k8s.io/");
    }

    public static boolean isXrd(JsonNode doc) {
        return "CompositeResourceDefinition".equals(doc.path("kind").asString(""))
                && doc.path("apiVersion").asString("").startsWith("apiextensions.crossplane.io/");
    }

    /** The served versions a CRD or XRD defines, each with its raw openAPIV3Schema. */
    /**
     * The versions of a CRD or XRD, or the reason its shape cannot be read (a string where a mapping
     * or list belongs, and the like): a broken definition is a finding at its line, never a crash.
     */
    /** A definition's schema whose shape the API server would refuse: where (a JSON pointer) and what. */
    public record Shape(String pointer, String problem) {
    }

    /**
     * The first schema node of a CRD or XRD whose shape is not a JSONSchemaProps (for example
     * {@code properties: "oops"} or {@code required: "spec"}), or empty.
     */
    public static java.util.Optional<Shape> shape(JsonNode doc) {
        JsonNode versions = doc.path("spec").path("versions");
        for (int i = 0; i < versions.size(); i++) {
            JsonNode schema = versions.get(i).path("schema");
            if (schema.isMissingNode()) {
                continue;
            }
            String at = "/spec/versions/" + i + "/schema/openAPIV3Schema";
            if (!schema.isObject() || !schema.path("openAPIV3Schema").isObject() && !schema.path("openAPIV3Schema").isMissingNode()) {
                return java.util.Optional.of(new Shape(at, "openAPIV3Schema must be a mapping (a schema)"));
            }
            java.util.Optional<Shape> bad = structure(schema.path("openAPIV3Schema"), at, 0);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Shape> structure(JsonNode s, String at, int depth) {
        if (s.isMissingNode()) {
            return java.util.Optional.empty();
        }
        if (!s.isObject()) {
            return java.util.Optional.of(new Shape(at, "a schema must be a mapping"));
        }
        if (depth > 200) {
            return java.util.Optional.of(new Shape(at, "the schema nests deeper than 200 levels"));
        }
        for (var e : s.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            String here = at + "/" + k.replace("~", "~0").replace("/", "~1");
            java.util.Optional<Shape> bad = switch (k) {
                case "properties", "patternProperties", "definitions", "$defs" -> {
                    if (!v.isObject()) {
                        yield java.util.Optional.of(new Shape(here, k + " must be a mapping of names to schemas"));
                    }
                    for (var p : v.properties()) {
                        var inner = structure(p.getValue(), here + "/" + p.getKey().replace("~", "~0").replace("/", "~1"), depth + 1);
                        if (inner.isPresent()) {
                            yield inner;
                        }
                    }
                    yield java.util.Optional.empty();
                }
                case "items", "not" -> v.isObject() ? structure(v, here, depth + 1)
                        : java.util.Optional.of(new Shape(here, k + " must be a schema (a mapping)"));
                case "additionalProperties" -> v.isBoolean() ? java.util.Optional.empty() : v.isObject() ? structure(v, here, depth + 1)
                        : java.util.Optional.of(new Shape(here, "additionalProperties must be a schema or a boolean"));
                case "allOf", "anyOf", "oneOf" -> {
                    if (!v.isArray()) {
                        yield java.util.Optional.of(new Shape(here, k + " must be a list of schemas"));
                    }
                    for (int i = 0; i < v.size(); i++) {
                        var inner = structure(v.get(i), here + "/" + i, depth + 1);
                        if (inner.isPresent()) {
                            yield inner;
                        }
                    }
                    yield java.util.Optional.empty();
                }
                case "required" -> v.isArray() && v.valueStream().allMatch(JsonNode::isString) ? java.util.Optional.empty()
                        : java.util.Optional.of(new Shape(here, "required must be a list of property names"));
                case "type", "format", "pattern", "description" -> v.isString() ? java.util.Optional.empty()
                        : java.util.Optional.of(new Shape(here, k + " must be a string"));
                case "enum" -> v.isArray() ? java.util.Optional.empty() : java.util.Optional.of(new Shape(here, "enum must be a list"));
                case "x-kubernetes-validations" -> v.isArray() && v.valueStream().allMatch(r -> r.isObject() && r.path("rule").isString())
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(new Shape(here, "x-kubernetes-validations must be a list of {rule: ...} mappings"));
                default -> java.util.Optional.empty();
            };
            if (bad.isPresent()) {
                return bad;
            }
        }
        return java.util.Optional.empty();
    }

    public static java.util.Optional<String> shapeProblem(JsonNode doc) {
        try {
            // on a copy: the conversion must not touch the definition it checks
            for (Version v : versions(doc.deepCopy())) {
                toJsonSchema(v, true);
            }
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(describe(e));
        }
    }

    /** A reader's words for a conversion failure (no Java class names). */
    public static String describe(RuntimeException e) {
        if (e instanceof ClassCastException) {
            return "a value has the wrong shape (for example `required` or `properties` is a string where a list or mapping belongs)";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        java.util.regex.Matcher missing = MISSING_REF.matcher(m);
        if (missing.find()) {
            return "its $ref " + (missing.group(1) != null ? missing.group(1) : missing.group(2)) + " cannot be resolved: a $ref resolves only inside the schema set (the folders"
                    + " of the schemas the locations gave), and nothing outside it is read or fetched";
        }
        m = m.replaceAll("\\s+", " ").replaceAll("\\b(?:[a-z]+\\.)+([A-Z][A-Za-z]+(?:Exception|Error))\\b", "$1");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static final java.util.regex.Pattern MISSING_REF = java.util.regex.Pattern.compile(
            "FileNotFoundException: (\\S+)|(?:Failed to load|Unable to load|could not load)\\S* (?:schema )?(\\S+)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    public static List<Version> versions(JsonNode doc) {
        List<Version> out = new ArrayList<>();
        JsonNode spec = doc.path("spec");
        String group = spec.path("group").asString("");
        String kind = spec.path("names").path("kind").asString("");
        boolean xrd = isXrd(doc);
        String scope = spec.path("scope").asString(xrd ? defaultXrdScope(doc) : "Namespaced");
        JsonNode legacyValidation = spec.path("validation").path("openAPIV3Schema");
        for (JsonNode v : spec.path("versions")) {
            if (v.has("served") && !v.path("served").asBoolean(true)) {
                continue;
            }
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (schema.isMissingNode()) {
                schema = legacyValidation;
            }
            if (xrd && !schema.isMissingNode()) {
                schema = XrdSchemas.composite(schema, doc);
            }
            out.add(new Version(group, v.path("name").asString(""), kind, scope, schema));
            if (xrd && spec.has("claimNames")) {
                JsonNode claimSchema = XrdSchemas.claim(v.path("schema").path("openAPIV3Schema"));
                out.add(new Version(group, v.path("name").asString(""), spec.path("claimNames").path("kind").asString(""),
                        "Namespaced", claimSchema));
            }
        }
        return out;
    }

    private static String defaultXrdScope(JsonNode doc) {
        return doc.path("apiVersion").asString("").endsWith("/v1") ? "Cluster" : "Namespaced";
    }

    /** The JSON Schema for one version; {@code strict} adds {@code additionalProperties: false}. */
    public static ObjectNode toJsonSchema(Version v, boolean strict) {
        ObjectNode root = v.openApiSchema().isObject() ? (ObjectNode) convert(v.openApiSchema(), strict) : F.objectNode();
        if (!root.has("type")) {
            root.put("type", "object");
        }
        ObjectNode props = root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
        String apiVersion = v.group().isEmpty() ? v.version() : v.group() + "/" + v.version();
        props.set("apiVersion", F.objectNode().put("type", "string").set("enum", F.arrayNode().add(apiVersion)));
        props.set("kind", F.objectNode().put("type", "string").set("enum", F.arrayNode().add(v.kind())));
        props.set("metadata", ObjectMeta.schema(strict));
        if (strict && !root.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            root.put("additionalProperties", false);
        }
        ArrayNode required = root.has("required") ? (ArrayNode) root.get("required") : root.putArray("required");
        addIfAbsent(required, "apiVersion");
        addIfAbsent(required, "kind");
        return root;
    }

    private static void addIfAbsent(ArrayNode a, String s) {
        for (JsonNode n : a) {
            if (s.equals(n.asString(""))) {
                return;
            }
        }
        a.add(s);
    }

    /**
     * Descriptions that say a field is only read on create (Upjet copies Terraform's "Only works for
     * Create Operation", ForceNew and the like). The fact survives conversion as
     * {@code x-difyops-create-only: true}, while descriptions are dropped.
     */
    static final java.util.regex.Pattern CREATE_ONLY = java.util.regex.Pattern.compile(
            "(?i)only works for create|create[- ]only|only (be )?set (on|at|during) creat|cannot be (changed|modified|updated) after creat"
                    + "|can ?not be (changed|modified)|is immutable");

    /** Converts one openAPIV3Schema node, recursively. */
    public static JsonNode convert(JsonNode in, boolean strict) {
        if (!in.isObject()) {
            return in;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (var e : in.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "description", "example", "externalDocs" -> {
                }
                case "properties", "patternProperties", "definitions", "$defs" -> {
                    ObjectNode m = F.objectNode();
                    for (var p : v.properties()) {
                        m.set(p.getKey(), convert(p.getValue(), strict));
                    }
                    out.put(k, m);
                }
                case "items", "additionalProperties", "not" -> out.put(k, v.isObject() ? convert(v, strict) : v);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode a = F.arrayNode();
                    for (JsonNode s : v) {
                        a.add(convert(s, strict));
                    }
                    out.put(k, a);
                }
                default -> out.put(k, v);
            }
        }
        if (in.path("description").isString() && CREATE_ONLY.matcher(in.path("description").asString("")).find()) {
            out.put("x-difyops-create-only", F.booleanNode(true));
        }
        boolean preserve = in.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = in.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(in.path("format").asString(""));
        if (intOrString) {
            out.remove("type");
            out.remove("format");
            if (!out.containsKey("anyOf") && !out.containsKey("oneOf")) {
                out.put("anyOf", F.arrayNode().add(F.objectNode().put("type", "integer")).add(F.objectNode().put("type", "string")));
            }
        }
        boolean nullable = in.path("nullable").asBoolean(false);
        out.remove("nullable");
        if (nullable) {
            // null joins whatever restricts the type: the type itself, each list of alternatives, an enum
            JsonNode type = out.get("type");
            if (type != null && type.isString()) {
                out.put("type", F.arrayNode().add(type.asString("")).add("null"));
            }
            for (String alternatives : List.of("anyOf", "oneOf")) {
                if (out.get(alternatives) instanceof ArrayNode a) {
                    ArrayNode widened = a.deepCopy();
                    widened.add(F.objectNode().put("type", "null"));
                    out.put(alternatives, widened);
                }
            }
            if (out.get("enum") instanceof ArrayNode e) {
                out.put("enum", e.deepCopy().add(F.nullNode()));
            }
        }
        if (in.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            ObjectNode props = out.get("properties") instanceof ObjectNode o ? o : F.objectNode();
            if (!props.has("apiVersion")) {
                props.set("apiVersion", F.objectNode().put("type", "string"));
            }
            if (!props.has("kind")) {
                props.set("kind", F.objectNode().put("type", "string"));
            }
            if (!props.has("metadata")) {
                props.set("metadata", F.objectNode().put("type", "object"));
            }
            if (out.containsKey("properties") || !preserve) {
                out.put("properties", props);
            }
        }
        if (strict && out.containsKey("properties") && !out.containsKey("additionalProperties") && !preserve) {
            out.put("additionalProperties", F.booleanNode(false));
        }
        ObjectNode result = F.objectNode();
        out.forEach(result::set);
        return result;
    }
}
