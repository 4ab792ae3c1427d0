package io.difyops.upgrade;

import io.difyops.load.SourceMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Replaces scalars in a YAML text in place: every byte outside the edited scalars stays as it was,
 * and each scalar keeps its quoting (a plain scalar that would read as a number gets quotes).
 */
public final class ScalarEdits {
    private static final org.snakeyaml.engine.v2.resolver.ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();

    private record Edit(SourceMap.Span span, String value) {
    }

    private final String text;
    private final List<Edit> edits = new ArrayList<>();

    public ScalarEdits(String text) {
        this.text = text;
    }

    public void set(SourceMap.Span span, String value) {
        edits.add(new Edit(span, value));
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    public String apply() {
        StringBuilder sb = new StringBuilder(text);
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt((Edit e) -> e.span().start()).reversed());
        for (Edit e : sorted) {
            int start = text.offsetByCodePoints(0, e.span().start());
            int end = text.offsetByCodePoints(0, e.span().end());
            sb.replace(start, end, render(e.span().quote(), e.value()));
        }
        return sb.toString();
    }

    static String render(char quote, String value) {
        return switch (quote) {
            case '"' -> '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            case '\'' -> "'" + value.replace("'", "''") + "'";
            default -> Tag.STR.equals(RESOLVER.resolve(value, true)) && !value.contains(": ") && !value.contains(" #")
                    ? value : '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        };
    }

    /** The changed lines of two versions of a text with the same number of lines, as a small unified diff. */
    public static String diff(String file, String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        StringBuilder sb = new StringBuilder("--- a/" + file + "\n+++ b/" + file + "\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                sb.append("@@ -").append(i + 1).append(" +").append(i + 1).append(" @@\n-").append(a[i]).append("\n+").append(b[i]).append('\n');
            }
        }
        return sb.toString();
    }
}
