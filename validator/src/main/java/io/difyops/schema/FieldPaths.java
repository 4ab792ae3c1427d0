package io.difyops.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Crossplane field paths ({@code spec.forProvider.vswitchIds[0]},
 * {@code metadata.annotations[example.com/key]}, {@code spec['a.b']}) and whether a path exists in a
 * JSON Schema. Open parts of a schema (preserve-unknown-fields, free maps, {@code $ref}s) accept
 * anything below them.
 */
public final class FieldPaths {
    /** One step of a path: a field or map key, or an array index. */
    public record Segment(String name, Integer index) {
        @Override
        public String toString() {
            return index != null ? "[" + index + "]" : name;
        }
    }

    /** Why a path does not exist, or null when it does. */
    public record Problem(String message) {
    }

    private FieldPaths() {
    }

    /** @throws IllegalArgumentException for a malformed path */
    public static List<Segment> parse(String path) {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int n = path.length();
        StringBuilder field = new StringBuilder();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(field, out, path);
                i++;
            } else if (c == '[') {
                if (field.length() > 0) {
                    out.add(new Segment(field.toString(), null));
                    field.setLength(0);
                }
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in field path '" + path + "'");
                }
                String inner = path.substring(i + 1, close);
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))) {
                    out.add(new Segment(inner.substring(1, inner.length() - 1), null));
                } else if (inner.matches("\\d{1,9}")) {
                    out.add(new Segment(null, Integer.parseInt(inner)));
                } else if (!inner.isEmpty()) {
                    out.add(new Segment(inner, null));
                } else {
                    throw new IllegalArgumentException("empty '[]' in field path '" + path + "'");
                }
                i = close + 1;
            } else {
                field.append(c);
                i++;
            }
        }
        if (field.length() > 0) {
            out.add(new Segment(field.toString(), null));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty field path");
        }
        return out;
    }

    private static void flush(StringBuilder field, List<Segment> out, String path) {
        if (field.length() > 0) {
            out.add(new Segment(field.toString(), null));
            field.setLength(0);
        } else if (out.isEmpty() || out.get(out.size() - 1).index() == null && out.get(out.size() - 1).name() == null) {
            throw new IllegalArgumentException("empty segment in field path '" + path + "'");
        }
    }

    /** Null when the path exists in the schema; otherwise what is wrong, with a suggestion. */
    public static Problem check(JsonNode schema, String path) {
        List<Segment> segments;
        try {
            segments = parse(path);
        } catch (IllegalArgumentException e) {
            return new Problem(e.getMessage());
        }
        JsonNode s = schema;
        StringBuilder at = new StringBuilder();
        for (Segment seg : segments) {
            if (open(s)) {
                return null;
            }
            String where = at.length() == 0 ? "the top level" : at.toString();
            if (seg.index() != null) {
                if (!isType(s, "array")) {
                    return new Problem(where + " is not a list, so it has no index " + seg);
                }
                s = s.get("items");
                if (s == null) {
                    return null;
                }
            } else {
                JsonNode props = s.get("properties");
                JsonNode child = props != null ? props.get(seg.name()) : null;
                if (child == null) {
                    JsonNode addl = s.get("additionalProperties");
                    if (addl != null && addl.isObject()) {
                        child = addl;
                    } else if (props == null && (addl == null || addl.asBoolean(true)) && !isType(s, "array") && !isScalar(s)) {
                        return null;
                    } else if (isType(s, "array")) {
                        return new Problem(where + " is a list; name an element with [N] before '" + seg.name() + "'");
                    } else {
                        String hint = suggestion(seg.name(), props);
                        return new Problem("'" + seg.name() + "' is not a field of " + where + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
                    }
                }
                s = child;
            }
            at.append(at.length() == 0 || seg.index() != null ? "" : ".").append(seg);
        }
        return null;
    }

    private static boolean open(JsonNode s) {
        return s == null || !s.isObject() || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) || s.has("$ref")
                || s.has("anyOf") || s.has("oneOf") || s.has("allOf");
    }

    private static boolean isType(JsonNode s, String type) {
        JsonNode t = s.get("type");
        if (t == null) {
            return false;
        }
        if (t.isString()) {
            return type.equals(t.asString(""));
        }
        for (JsonNode x : t) {
            if (type.equals(x.asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isScalar(JsonNode s) {
        return isType(s, "string") || isType(s, "integer") || isType(s, "number") || isType(s, "boolean");
    }

    /** The closest property name, when it is close enough to be a likely typo. */
    public static String suggestion(String name, JsonNode props) {
        return props == null ? null : nearest(name, props.propertyNames());
    }

    /** The candidate closest to {@code name} (case aside), when within a third of its length (at least 2 edits), or null. */
    public static String nearest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
