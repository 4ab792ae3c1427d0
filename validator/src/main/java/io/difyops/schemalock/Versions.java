package io.difyops.schemalock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic versions of package tags and the constraints of package dependencies ({@code >=v1.2.0}, {@code ~1.2}, {@code ^1}). */
final class Versions {
    private static final Pattern V = Pattern.compile("v?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(-[0-9A-Za-z.-]+)?(\\+.*)?");
    private static final Pattern TERM = Pattern.compile("(>=|<=|>|<|=|~|\\^)?\\s*(v?\\d+(?:\\.\\d+){0,2}(?:-[0-9A-Za-z.-]+)?)");

    private Versions() {
    }

    static boolean exact(String s) {
        return V.matcher(s.trim()).matches() && s.trim().chars().filter(c -> c == '.').count() == 2;
    }

    private static int[] parts(String s) {
        Matcher m = V.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4) == null ? 1 : 0};
    }

    /** Compares two versions (a pre-release sorts before its release); unparsable ones sort first. */
    static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        if (x == null || y == null) {
            return x == null ? (y == null ? a.compareTo(b) : -1) : 1;
        }
        for (int i = 0; i < 4; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    /** Whether a tag satisfies every term of a constraint (terms separated by commas or spaces). */
    static boolean satisfies(String tag, String constraint) {
        int[] t = parts(tag);
        if (t == null || t[3] == 0) {
            return false; // pre-releases and non-versions are never picked by a range
        }
        Matcher m = TERM.matcher(constraint);
        boolean any = false;
        while (m.find()) {
            any = true;
            String op = m.group(1) == null ? "=" : m.group(1);
            String v = m.group(2);
            int[] c = parts(v);
            int cmp = compare(tag, v);
            boolean ok = switch (op) {
                case ">=" -> cmp >= 0;
                case ">" -> cmp > 0;
                case "<=" -> cmp <= 0;
                case "<" -> cmp < 0;
                case "~" -> cmp >= 0 && t[0] == c[0] && t[1] == c[1];
                case "^" -> cmp >= 0 && t[0] == c[0];
                default -> cmp == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return any;
    }
}
