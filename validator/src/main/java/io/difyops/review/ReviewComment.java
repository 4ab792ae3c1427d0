package io.difyops.review;

import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import io.difyops.upgrade.ChangeSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The pull request's review comment: for each environment the change touches, the chart and image
 * changes, the values diff, the sizing and capacity before and after, the cloud resources whose desired
 * state changes, and the findings; then the findings that belong to no environment. Long sections fold
 * ({@code <details>}); the whole stays under GitHub's limit for a comment body (65,536 characters) by
 * showing fewer rows per table, each cut table pointing at the job summary for the rest.
 *
 * <p>The first line is a marker the workflow looks for, so that it edits its one comment in place.
 */
public final class ReviewComment {
    /** Marks the gate's comment among a pull request's comments. */
    public static final String MARKER = "<!-- difyops-review -->";
    /** GitHub refuses a comment body over 65,536 characters; this leaves room for the marker and the cut notes. */
    public static final int GITHUB_LIMIT = 65_000;
    private static final int[] ROW_CAPS = {Integer.MAX_VALUE, 100, 40, 15, 5, 0};
    /** A table with more rows than this starts folded. */
    private static final int OPEN_ROWS = 5;

    /** One environment the change touches. {@code release} is null when its HelmRelease did not change. */
    public record EnvironmentReview(String name, ChangeSummary.Environment release, List<ChangeSummary.Change> sizing,
                                    List<CompositionDiff.Change> cloud, String renderProblem, List<Finding> findings) {
    }

    /** Everything the comment says. */
    public record Review(String base, List<EnvironmentReview> environments, List<Finding> otherFindings, int errors, int warnings,
                         String summaryUrl) {
    }

    private ReviewComment() {
    }

    /** The comment, at most {@code maxChars} characters long. */
    public static String markdown(Review review, int maxChars) {
        for (int cap : ROW_CAPS) {
            String s = render(review, cap);
            if (s.length() <= maxChars) {
                return s;
            }
        }
        // even one line per section is too long (thousands of environments): cut, and say where the rest is
        String note = "\n\n… cut to fit a pull request comment; " + rest(review) + "\n";
        String s = render(review, 0);
        int keep = Math.max(0, maxChars - note.length());
        int cut = s.lastIndexOf('\n', keep);
        return s.substring(0, Math.max(0, cut)) + note;
    }

    private static String rest(Review r) {
        return r.summaryUrl() == null || r.summaryUrl().isBlank() ? "the job summary has everything"
                : "[the job summary](" + r.summaryUrl() + ") has everything";
    }

    private static String render(Review r, int cap) {
        StringBuilder sb = new StringBuilder(MARKER).append('\n');
        String verdict = r.errors() > 0 ? "❌ " + count(r.errors(), "error") + (r.warnings() > 0 ? ", " + count(r.warnings(), "warning") : "")
                : r.warnings() > 0 ? "⚠️ " + count(r.warnings(), "warning") : "✅ no findings";
        sb.append("## difyops review: ").append(verdict).append(" · ")
                .append(r.environments().isEmpty() ? "no environment changes" : count(r.environments().size(), "environment") + " changed")
                .append("\n\nCompared with ").append(md(r.base())).append(".\n");
        for (EnvironmentReview e : r.environments()) {
            environment(sb, e, cap, r);
        }
        if (!r.otherFindings().isEmpty()) {
            sb.append("\n### Other findings\n");
            findings(sb, r.otherFindings(), cap, r);
        }
        return sb.toString();
    }

    private static void environment(StringBuilder sb, EnvironmentReview e, int cap, Review r) {
        ChangeSummary.Environment rel = e.release();
        sb.append("\n### ").append(md(e.name()));
        if (rel != null) {
            sb.append(": dify ").append(rel.from() == null ? "(new) → " + code(rel.to())
                    : rel.from().equals(rel.to()) ? "unchanged at " + code(rel.to()) : code(rel.from()) + " → " + code(rel.to()));
        }
        sb.append('\n');
        if (rel != null && rel.path().size() > 2) {
            sb.append("\nUpgrade path: ").append(String.join(" → ", rel.path().stream().map(ReviewComment::code).toList())).append('\n');
        }
        // sizing and capacity: always open (short, and what a reviewer weighs)
        List<String[]> sizing = new ArrayList<>();
        for (ChangeSummary.Change c : e.sizing()) {
            sizing.add(new String[] {code(c.key()), cell(c.before()), cell(c.after())});
        }
        if (rel != null && rel.headroomAfter() != null && !java.util.Objects.equals(rel.headroomBefore(), rel.headroomAfter())) {
            sizing.add(new String[] {"capacity", cell(rel.headroomBefore()), cell(rel.headroomAfter())});
        }
        if (!sizing.isEmpty()) {
            table(sb, "Sizing and capacity", new String[] {"field", "before", "after"}, sizing, cap, true, r);
        }
        if (rel != null && !rel.images().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rel.images().forEach(c -> rows.add(new String[] {code(c.key()), cell(c.before()), cell(c.after())}));
            table(sb, count(rows.size(), "image") + " change", new String[] {"image", "before", "after"}, rows, cap, false, r);
        }
        if (rel != null && !rel.values().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rel.values().forEach(c -> rows.add(new String[] {code(c.file()), code(c.key()), cell(c.before()), cell(c.after())}));
            table(sb, count(rows.size(), "value") + " change", new String[] {"values file", "key", "before", "after"}, rows, cap, false, r);
        }
        if (e.renderProblem() != null) {
            sb.append("\nCloud resources: not rendered (").append(md(e.renderProblem())).append(")\n");
        } else if (!e.cloud().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (CompositionDiff.Change c : e.cloud()) {
                StringBuilder what = new StringBuilder(c.action());
                for (String[] f : c.fields()) {
                    what.append("<br>").append(code(f[0])).append(": ").append(cell(f[1])).append(" → ").append(cell(f[2]));
                }
                rows.add(new String[] {code(c.resource()), md(c.kind()), what.toString()});
            }
            table(sb, "Crossplane: " + count(rows.size(), "cloud resource") + " change" + (rows.size() == 1 ? "s" : ""),
                    new String[] {"resource", "kind", "change"}, rows, cap, false, r);
        }
        if (!e.findings().isEmpty()) {
            findings(sb, e.findings(), cap, r);
        }
    }

    private static void findings(StringBuilder sb, List<Finding> fs, int cap, Review r) {
        List<String[]> rows = new ArrayList<>();
        for (Finding f : fs) {
            rows.add(new String[] {code(f.location()), (f.severity() == Severity.ERROR ? "❌ " : "⚠️ ") + f.severity().label(), code(f.rule()),
                    md(f.message())});
        }
        long errors = fs.stream().filter(f -> f.severity() == Severity.ERROR).count();
        String title = count(fs.size(), "finding") + (errors > 0 ? " (" + count((int) errors, "error") + ")" : "");
        // findings with errors are open: they are why the check is red
        table(sb, title, new String[] {"where", "severity", "rule", "message"}, rows, cap, errors > 0, r);
    }

    /** A table in a {@code <details>} block: open when asked or short; at most {@code cap} rows, then where the rest is. */
    private static void table(StringBuilder sb, String title, String[] header, List<String[]> rows, int cap, boolean open, Review r) {
        sb.append("\n<details").append(open || rows.size() <= OPEN_ROWS ? " open" : "").append("><summary>").append(title)
                .append("</summary>\n\n");
        if (cap > 0) {
            sb.append('|');
            for (String h : header) {
                sb.append(' ').append(h).append(" |");
            }
            sb.append("\n|").append("---|".repeat(header.length)).append('\n');
            for (int i = 0; i < Math.min(cap, rows.size()); i++) {
                sb.append('|');
                for (String c : rows.get(i)) {
                    sb.append(' ').append(c).append(" |");
                }
                sb.append('\n');
            }
        }
        if (rows.size() > cap) {
            sb.append(cap > 0 ? "\n… and " + (rows.size() - cap) + " more; " : "").append(cap > 0 ? rest(r) : capitalised(rest(r)))
                    .append(".\n");
        }
        sb.append("\n</details>\n");
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String cell(String s) {
        return s == null ? "—" : code(s.length() > 200 ? s.substring(0, 199) + "…" : s);
    }

    private static String code(String s) {
        return io.difyops.report.Escape.code(s);
    }

    private static String md(String s) {
        return s == null ? "" : io.difyops.report.Escape.markdown(s);
    }
}
