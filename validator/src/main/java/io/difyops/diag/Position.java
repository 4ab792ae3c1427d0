package io.difyops.diag;

/** A 1-based line and column. */
public record Position(int line, int column) {
    public static final Position START = new Position(1, 1);
}
