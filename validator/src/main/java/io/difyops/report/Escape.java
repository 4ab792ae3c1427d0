package io.difyops.report;

/**
 * Text from the repository (file names, messages that quote it) made safe for each format: nothing a
 * pull request writes may break a report's structure, forge a line, or render as a link or an image.
 * Used by the reports and by the pull request's review comment.
 */
public final class Escape {
    private Escape() {
    }

    /** One line of plain text: control characters (a newline in a file name) shown as \\uXXXX. */
    public static String line(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** Characters XML 1.0 allows (tab, newline, carriage return and the printable planes); others as \\uXXXX. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xd7ff || c >= 0xe000 && c <= 0xfffd;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (ok) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /**
     * Markdown text in a table cell: every character Markdown or HTML would act on is escaped, and GitHub's
     * mentions ({@code @name}) and issue references ({@code #12}) are broken by a zero-width space after the
     * sign: GitHub finds those after rendering, so neither a backslash nor an HTML entity stops them
     * (github/cmark-gfm#181, github/markup#1168), and a comment quoting {@code @someone} would notify them.
     */
    public static String markdown(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : line(s).toCharArray()) {
            switch (c) {
                case '@', '#' -> sb.append(c).append('\u200b');
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '|' -> sb.append("&#124;");
                case '\\', '`', '*', '_', '[', ']', '!', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Markdown code (a file name, a resource): an HTML code element, so a backtick inside cannot end it. */
    public static String code(String s) {
        String h = line(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
                .replace("`", "&#96;").replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;");
        return "<code>" + h + "</code>";
    }
}
