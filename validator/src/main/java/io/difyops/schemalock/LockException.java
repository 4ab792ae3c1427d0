package io.difyops.schemalock;

/**
 * A source that cannot be locked. {@code missing} means the source answered and the version does
 * not exist (a finding: exit code 1); otherwise it could not be read at all (exit code 2).
 */
public final class LockException extends Exception {
    private final boolean missing;

    public LockException(String message, boolean missing) {
        super(message);
        this.missing = missing;
    }

    public boolean missing() {
        return missing;
    }
}
