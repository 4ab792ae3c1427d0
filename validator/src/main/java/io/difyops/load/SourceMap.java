package io.difyops.load;

import io.difyops.diag.Position;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON pointer to position, for one YAML document. Keys are recorded where the key is written
 * ({@code replicas:}), which is where a reader looks; values where the value starts.
 */
public final class SourceMap {
    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Span> scalars = new HashMap<>();

    /** Where a scalar is written: code-point offsets [start, end) in the file, and its quote style. */
    public record Span(int start, int end, char quote) {
    }
    private final Position start;

    public SourceMap(Position start) {
        this.start = start;
    }

    void key(String pointer, Position p) {
        keys.putIfAbsent(pointer, p);
    }

    void value(String pointer, Position p) {
        values.putIfAbsent(pointer, p);
    }

    void scalar(String pointer, Span span) {
        scalars.putIfAbsent(pointer, span);
    }

    /** The exact place of a scalar value, for editing it in place; null for non-scalars. */
    public Span scalarSpan(String pointer) {
        return scalars.get(pointer);
    }

    public Position start() {
        return start;
    }

    public boolean has(String pointer) {
        return keys.containsKey(pointer) || values.containsKey(pointer);
    }

    /** The key's position, else the value's, else the nearest enclosing node's, else the document start. */
    public Position find(String pointer) {
        String p = pointer == null ? "" : pointer;
        while (true) {
            Position k = keys.get(p);
            if (k != null) {
                return k;
            }
            Position v = values.get(p);
            if (v != null) {
                return v;
            }
            if (p.isEmpty()) {
                return start;
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
        }
    }

    /** Position of the value itself (for scalars edited in place). */
    public Position valuePosition(String pointer) {
        Position v = values.get(pointer);
        return v != null ? v : find(pointer);
    }

    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
