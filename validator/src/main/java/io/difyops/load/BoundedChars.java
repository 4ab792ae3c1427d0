package io.difyops.load;

/**
 * Text for a regular expression that a pull request wrote (a Composition's regexp transform, a
 * resource-name filter): Go evaluates those with RE2 in linear time, Java's engine backtracks, so a
 * hostile pattern could run for hours. Matching against this view stops after a fixed number of
 * character reads with {@link TooCostly}.
 */
public final class BoundedChars implements CharSequence {
    /** Reads one match may make: enough for any honest pattern on a field value. */
    public static final long DEFAULT_BUDGET = 2_000_000L;

    /** Thrown when a match spent its budget. */
    public static final class TooCostly extends IllegalArgumentException {
        public TooCostly() {
            super("the regular expression backtracks too much on this value (it would take a Go RE2 engine linear time;"
                    + " write one without nested repetition)");
        }
    }

    private final CharSequence text;
    private final long[] budget;

    public BoundedChars(CharSequence text) {
        this(text, new long[] {DEFAULT_BUDGET});
    }

    private BoundedChars(CharSequence text, long[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new TooCostly();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedChars(text.subSequence(start, end), budget);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
