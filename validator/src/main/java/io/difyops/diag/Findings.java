package io.difyops.diag;

import io.difyops.diag.Located;
import io.difyops.diag.Position;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where rules and the loader put their findings. Not thread-safe; the engine merges sinks. */
public final class Findings {
    private final List<Finding> list = new ArrayList<>();

    /** A finding at {@code pointer} inside a located thing (a resource or a document). */
    public void report(Class<? extends Rule> rule, Located where, String pointer, String message) {
        report(rule, Rule.infoOf(rule).severity(), where, pointer, message);
    }

    public void report(Class<? extends Rule> rule, Severity severity, Located where, String pointer, String message) {
        reportWithDetail(rule, severity, where, pointer, message, "");
    }

    /** A finding with a short message and the long detail that the JSON report carries. */
    public void reportWithDetail(Class<? extends Rule> rule, Severity severity, Located where, String pointer, String message,
                                 String detail) {
        Position p = where.positionOf(pointer);
        list.add(new Finding(Rule.infoOf(rule).id(), severity, where.fileOf(pointer), p.line(), p.column(),
                where.absolutePointer(pointer), where.identity(), message, detail));
    }

    /** A finding at a known position of a file, outside any resource. */
    public void reportAt(Class<? extends Rule> rule, String file, Position p, String pointer, String message) {
        reportAt(rule, Rule.infoOf(rule).severity(), file, p, pointer, message);
    }

    public void reportAt(Class<? extends Rule> rule, Severity severity, String file, Position p, String pointer, String message) {
        list.add(new Finding(Rule.infoOf(rule).id(), severity, file, p.line(), p.column(), pointer, "", message));
    }

    public void add(Finding f) {
        list.add(f);
    }

    public void addAll(Findings other) {
        list.addAll(other.list);
    }

    public List<Finding> list() {
        return Collections.unmodifiableList(list);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }
}
