package io.difyops.cli;

/** 0: no finding of error severity. 1: at least one. 2: usage error or unreadable input. */
public final class ExitCodes {
    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
