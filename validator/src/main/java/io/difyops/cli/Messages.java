package io.difyops.cli;

/** One line for an error: its message, or (for exceptions without one) what it was and its cause. */
final class Messages {
    private Messages() {
    }

    static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t == e ? t.getMessage() : e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName() + " (no detail)";
    }
}
