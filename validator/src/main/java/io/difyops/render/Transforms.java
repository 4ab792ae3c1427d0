package io.difyops.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The transforms of function-patch-and-transform that compositions here use; any other is refused by name. */
final class Transforms {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern VERB = Pattern.compile("%%|%[-+# 0]*\\d*(?:\\.\\d+)?([svdqtfx])");

    private Transforms() {
    }

    static JsonNode apply(JsonNode transforms, JsonNode value) {
        JsonNode v = value;
        for (JsonNode t : transforms) {
            try {
                v = one(t, v);
            } catch (tools.jackson.databind.exc.JsonNodeException | IndexOutOfBoundsException | ArithmeticException e) {
                // a value out of range or of the wrong kind for the transform (a 40-digit number, a missing group)
                throw new IllegalArgumentException("the " + t.path("type").asString("?") + " transform cannot take this value ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return v;
    }

    private static JsonNode one(JsonNode t, JsonNode v) {
        String type = t.path("type").asString("");
        switch (type) {
            case "string" -> {
                JsonNode s = t.path("string");
                String kind = s.path("type").asString("Format");
                String in = text(v);
                return switch (kind) {
                    case "Format" -> F.stringNode(goFormat(s.path("fmt").asString("%s"), v));
                    case "Regexp" -> {
                        Matcher m = Pattern.compile(s.path("regexp").path("match").asString("")).matcher(new io.difyops.load.BoundedChars(in));
                        if (!m.find()) {
                            throw new IllegalArgumentException("regexp " + s.path("regexp").path("match").asString("")
                                    + " does not match " + in);
                        }
                        yield F.stringNode(m.group(s.path("regexp").path("group").asInt(0)));
                    }
                    case "Replace" -> F.stringNode(in.replace(s.path("replace").path("search").asString(""),
                            s.path("replace").path("replace").asString("")));
                    case "Convert" -> F.stringNode(switch (s.path("convert").asString("")) {
                        case "ToUpper" -> in.toUpperCase(java.util.Locale.ROOT);
                        case "ToLower" -> in.toLowerCase(java.util.Locale.ROOT);
                        default -> throw new IllegalArgumentException("string convert " + s.path("convert").asString("") + " is not supported");
                    });
                    case "TrimPrefix" -> F.stringNode(in.startsWith(s.path("trim").asString("")) ? in.substring(s.path("trim").asString("").length()) : in);
                    case "TrimSuffix" -> F.stringNode(in.endsWith(s.path("trim").asString(""))
                            ? in.substring(0, in.length() - s.path("trim").asString("").length()) : in);
                    default -> throw new IllegalArgumentException("string transform " + kind + " is not supported");
                };
            }
            case "convert" -> {
                String to = t.path("convert").path("toType").asString("");
                return switch (to) {
                    case "string" -> F.stringNode(text(v));
                    case "int", "int64" -> F.numberNode(v.isNumber() ? v.asLong() : Long.parseLong(text(v).strip()));
                    case "float64" -> F.numberNode(v.isNumber() ? v.asDouble() : Double.parseDouble(text(v).strip()));
                    case "bool" -> F.booleanNode(v.isBoolean() ? v.asBoolean() : Boolean.parseBoolean(text(v).strip()));
                    default -> throw new IllegalArgumentException("convert to " + to + " is not supported");
                };
            }
            case "math" -> {
                JsonNode m = t.path("math");
                String kind = m.path("type").asString("Multiply");
                if (!v.isNumber()) {
                    throw new IllegalArgumentException("math transform of a non-number " + text(v));
                }
                return switch (kind) {
                    case "Multiply" -> v.isIntegralNumber() && m.path("multiply").isIntegralNumber()
                            ? F.numberNode(v.asLong() * m.path("multiply").asLong()) : F.numberNode(v.asDouble() * m.path("multiply").asDouble());
                    case "ClampMin" -> F.numberNode(Math.max(v.asLong(), m.path("clampMin").asLong()));
                    case "ClampMax" -> F.numberNode(Math.min(v.asLong(), m.path("clampMax").asLong()));
                    default -> throw new IllegalArgumentException("math transform " + kind + " is not supported");
                };
            }
            case "map" -> {
                JsonNode out = t.path("map").get(text(v));
                if (out == null) {
                    throw new IllegalArgumentException("map transform has no key " + text(v));
                }
                return out.deepCopy();
            }
            default -> throw new IllegalArgumentException("transform " + type + " is not supported by difyops render");
        }
    }

    static String text(JsonNode v) {
        return v.isString() ? v.asString("") : v.toString();
    }

    /** Go's fmt.Sprintf with one operand, for the verbs compositions use. */
    static String goFormat(String fmt, JsonNode... values) {
        StringBuilder out = new StringBuilder();
        Matcher m = VERB.matcher(fmt);
        int last = 0;
        int i = 0;
        while (m.find()) {
            out.append(fmt, last, m.start());
            if (m.group(1) == null) {
                out.append('%');
                last = m.end();
                continue;
            }
            JsonNode v = i < values.length ? values[i++] : null;
            out.append(v == null ? "%!" + m.group(1) + "(MISSING)" : text(v));
            last = m.end();
        }
        out.append(fmt.substring(last));
        return out.toString();
    }
}
