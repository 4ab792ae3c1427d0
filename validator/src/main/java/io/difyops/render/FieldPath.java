package io.difyops.render;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crossplane field paths ({@code spec.forProvider.vars[0].value},
 * {@code metadata.annotations[crossplane.io/external-name]}): read and write on JSON objects, as
 * function-patch-and-transform does (missing objects and list items are created on write).
 */
final class FieldPath {
    /** One step: a field name, or a list index. */
    record Segment(String field, int index) {
        boolean isIndex() {
            return field == null;
        }
    }

    private FieldPath() {
    }

    static List<Segment> parse(String path) {
        List<Segment> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(cur, out);
                i++;
            } else if (c == '[') {
                flush(cur, out);
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in field path " + path);
                }
                String inner = path.substring(i + 1, end);
                if (inner.matches("\\d{1,9}")) {
                    out.add(new Segment(null, Integer.parseInt(inner)));
                } else {
                    out.add(new Segment(inner, -1));
                }
                i = end + 1;
            } else {
                cur.append(c);
                i++;
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<Segment> out) {
        if (!cur.isEmpty()) {
            out.add(new Segment(cur.toString(), -1));
            cur.setLength(0);
        }
    }

    /** The value at the path, or null when any step is missing. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode n = root;
        for (Segment s : parse(path)) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            n = s.isIndex() ? (n.isArray() && s.index() < n.size() ? n.get(s.index()) : null) : (n.isObject() ? n.get(s.field()) : null);
        }
        return n == null || n.isMissingNode() || n.isNull() ? null : n;
    }

    /** Sets the value at the path, creating objects and list items on the way. */
    static void set(ObjectNode root, String path, JsonNode value) {
        List<Segment> segs = parse(path);
        JsonNode n = root;
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            if (i == segs.size() - 1) {
                put(n, s, value.deepCopy());
                return;
            }
            JsonNode child = s.isIndex() ? (n.size() > s.index() ? n.get(s.index()) : null) : n.get(s.field());
            boolean wantList = segs.get(i + 1).isIndex();
            if (child == null || child.isNull() || (wantList ? !child.isArray() : !child.isObject())) {
                child = wantList ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                put(n, s, child);
            }
            n = child;
        }
    }

    /** Puts {@code value} at one step of a container: a list is padded with nulls up to the index. */
    private static void put(JsonNode container, Segment s, JsonNode value) {
        if (s.isIndex()) {
            ArrayNode a = (ArrayNode) container;
            while (a.size() <= s.index()) {
                a.addNull();
            }
            a.set(s.index(), value);
        } else {
            ((ObjectNode) container).set(s.field(), value);
        }
    }
}
