package io.difyops.engine;

import io.difyops.load.Gvk;
import java.util.List;

/** {@code --skip}/{@code --reject} patterns: {@code Kind} or {@code GROUP/VERSION/KIND} ({@code v1/Kind} for core). */
public final class KindMatcher {
    private final List<String> patterns;

    public KindMatcher(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public boolean matches(Gvk gvk) {
        for (String p : patterns) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.contains("/")) {
                if (t.equals(gvk.kind())) {
                    return true;
                }
            } else if (t.equals(gvk.toString())) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }
}
