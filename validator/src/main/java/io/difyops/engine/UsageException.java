package io.difyops.engine;

/** Input or options that cannot be used at all: exit code 2, a one-line message, no stack trace. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
