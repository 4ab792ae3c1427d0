package io.difyops.engine;

import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import java.util.List;

/** The result of a run: what was read, each resource's verdict, and every finding, sorted. */
public record Report(int files, List<ResourceResult> resources, List<Finding> findings) {

    /**
     * The verdict for one resource: VALID only when it was checked against a schema and has no
     * error; UNCHECKED when no schema was found (and no error was reported against it).
     */
    public enum Status { VALID, INVALID, UNCHECKED, SKIPPED }

    /** One resource and its verdict, with the findings that concern it. */
    public record ResourceResult(String identity, String file, int line, Status status, List<Finding> findings) {
    }

    public long errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    }

    public long warnings() {
        return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
    }

    public long checked() {
        return resources.stream().filter(r -> r.status() == Status.VALID).count();
    }

    public long invalid() {
        return resources.stream().filter(r -> r.status() == Status.INVALID).count();
    }

    public long unchecked() {
        return resources.stream().filter(r -> r.status() == Status.UNCHECKED).count();
    }

    public long skipped() {
        return resources.stream().filter(r -> r.status() == Status.SKIPPED).count();
    }

    public boolean failed() {
        return errors() > 0;
    }

    /** The gate itself failed somewhere (an internal-error finding): the verdict cannot be trusted. */
    public boolean broken() {
        return findings.stream().anyMatch(f -> f.rule().equals("internal-error"));
    }
}
