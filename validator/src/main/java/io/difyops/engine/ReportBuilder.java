package io.difyops.engine;

import io.difyops.config.Options;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.rules.Rules;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.SchemaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what was read and what the rules found into the report: severities from the policy,
 * reading findings attached to the resource they fall in, one finding per mistake (a rule that
 * explains a mistake more specifically supersedes the others at the same place), each resource's
 * verdict, and only what the scope reports.
 */
final class ReportBuilder {
    private ReportBuilder() {
    }

    static Report build(Options o, Scope scope, SchemaStore store, int fileCount, List<Resource> resources, List<Finding> input,
                        RuleRunner.Outcome outcome) {
        return build(o, scope, store, fileCount, resources, input, outcome, MAX_PER_RULE);
    }

    /** As {@link #build}, keeping {@code max} findings per rule and severity (a batched run caps once, at the end). */
    static Report build(Options o, Scope scope, SchemaStore store, int fileCount, List<Resource> resources, List<Finding> input,
                        RuleRunner.Outcome outcome, int max) {
        Map<Resource, List<Finding>> perResource = new HashMap<>();
        outcome.perResource().forEach((r, fs) -> perResource.put(r, new ArrayList<>(applySeverity(o, fs))));
        Set<Finding> all = new LinkedHashSet<>(attach(applySeverity(o, input), resources, perResource));
        List<Finding> repoFindings = applySeverity(o, outcome.repository());
        all.addAll(repoFindings);
        Map<String, Resource> byIdentity = new HashMap<>();
        resources.forEach(r -> byIdentity.putIfAbsent(r.file() + "|" + r.identity(), r));
        for (Finding f : repoFindings) {
            Resource owner = byIdentity.get(f.file() + "|" + f.resource());
            if (owner != null) {
                perResource.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
            }
        }
        perResource.values().forEach(all::addAll);
        Set<Finding> superseded = superseded(all);
        superseded.addAll(patchEchoes(perResource));
        List<Report.ResourceResult> results = new ArrayList<>();
        for (Resource r : resources) {
            if (!scope.reports(r.file())) {
                continue;
            }
            List<Finding> fs = perResource.getOrDefault(r, List.of()).stream().filter(f -> !superseded.contains(f)).toList();
            boolean bad = fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
            Report.Status status = bad ? Report.Status.INVALID : outcome.skipped().contains(r) ? Report.Status.SKIPPED
                    : checked(r, store) ? Report.Status.VALID : Report.Status.UNCHECKED;
            results.add(new Report.ResourceResult(r.identity(), r.file(), r.positionOf("").line(), status, fs));
        }
        List<Finding> sorted = new ArrayList<>();
        for (Finding f : all) {
            if (!superseded.contains(f) && scope.reports(f.file())) {
                sorted.add(f);
            }
        }
        sorted.sort(Finding.ORDER);
        return new Report(fileCount, results, max == Integer.MAX_VALUE ? sorted : capped(sorted, max));
    }

    /** Findings one rule may report at one severity; past it, one finding says how many were left out. */
    static final int MAX_PER_RULE = 1000;

    /**
     * Keeps the report proportional to the mistakes, not the input: a million documents without a kind
     * give the first {@code max} findings of that rule and one that counts the rest (the exit code is the same).
     */
    static List<Finding> capped(List<Finding> sorted, int max) {
        Capper c = new Capper(max);
        sorted.forEach(c::add);
        return c.result();
    }

    /**
     * The cap, fed in any order: per rule and severity the {@code max} first findings in report order (a
     * bounded heap), the count of the others and the first of them, where the note that counts them stands.
     * Memory stays proportional to the rules, not the findings.
     */
    static final class Capper {
        private final int max;
        private final Map<String, java.util.PriorityQueue<Finding>> kept = new HashMap<>();
        private final Map<String, Finding> firstLeftOut = new HashMap<>();
        private final Map<String, Integer> leftOut = new HashMap<>();

        Capper(int max) {
            this.max = max;
        }

        void add(Finding f) {
            String key = f.rule() + "|" + f.severity();
            java.util.PriorityQueue<Finding> q = kept.computeIfAbsent(key, k -> new java.util.PriorityQueue<>(TOTAL.reversed()));
            q.add(f);
            if (q.size() > max) {
                Finding out = q.poll(); // the last in report order
                leftOut.merge(key, 1, Integer::sum);
                firstLeftOut.merge(key, out, (a, b) -> TOTAL.compare(a, b) <= 0 ? a : b);
            }
        }

        List<Finding> result() {
            List<Finding> out = new ArrayList<>();
            kept.values().forEach(out::addAll);
            firstLeftOut.forEach((key, f) -> out.add(new Finding(f.rule(), f.severity(), f.file(), f.line(), f.column(), f.pointer(), "",
                    String.format(java.util.Locale.ROOT, "%,d more %s findings of rule %s from here on were left out of this report "
                            + "(it keeps the first %,d per rule); fix these, then validate again", leftOut.get(key),
                            f.severity().name().toLowerCase(java.util.Locale.ROOT), f.rule(), max))));
            out.sort(TOTAL); // ties in report order (same place, rule and message) keep one order, whatever the input's
            return out;
        }

        private static final java.util.Comparator<Finding> TOTAL = Finding.ORDER
                .thenComparing(Finding::pointer, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .thenComparing(Finding::resource, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .thenComparing(Finding::detail, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
    }

    /**
     * A patch file is checked as a patch and again in the object it renders into: where both report
     * the same rule at the same place, the patch's finding is the echo and is dropped.
     */
    static Set<Finding> patchEchoes(Map<Resource, List<Finding>> perResource) {
        Set<String> rendered = new HashSet<>();
        perResource.forEach((r, fs) -> {
            if (r.origin() != Resource.Origin.PATCH) {
                fs.forEach(f -> rendered.add(place(f)));
            }
        });
        Set<Finding> out = new HashSet<>();
        perResource.forEach((r, fs) -> {
            if (r.origin() == Resource.Origin.PATCH) {
                fs.stream().filter(f -> rendered.contains(place(f))).forEach(out::add);
            }
        });
        return out;
    }

    private static String place(Finding f) {
        return f.rule() + "|" + f.file() + "|" + f.line() + "|" + f.column() + "|" + f.pointer();
    }

    /**
     * Findings that a more specific rule explains: where a rule's finding stands at a file and
     * pointer, the findings of the rules it names in {@code supersedes} at the same place are dropped.
     */
    static Set<Finding> superseded(Set<Finding> all) {
        Map<String, Set<String>> rulesAt = new HashMap<>();
        for (Finding f : all) {
            rulesAt.computeIfAbsent(f.file() + "#" + f.pointer(), k -> new HashSet<>()).add(f.rule());
        }
        Set<Finding> out = new HashSet<>();
        for (Finding f : all) {
            for (String other : rulesAt.getOrDefault(f.file() + "#" + f.pointer(), Set.of())) {
                if (!other.equals(f.rule()) && Rules.byId(other).map(r -> List.of(r.info().supersedes()).contains(f.rule())).orElse(false)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** Whether the object was checked against a schema (a CRD is checked by converting its own schema). */
    private static boolean checked(Resource r, SchemaStore store) {
        if (CrdConverter.isCrd(r.node())) {
            return true;
        }
        return r.origin() == Resource.Origin.PATCH ? store.lookupPatch(r.gvk()).found() : store.lookup(r.gvk()).found();
    }

    /**
     * Findings made while reading (a duplicate key, say) belong to the resource whose document holds
     * their line: they name it and count against its verdict.
     */
    private static List<Finding> attach(List<Finding> findings, List<Resource> resources, Map<Resource, List<Finding>> perResource) {
        // per file, the resources by the line their document starts at: each finding finds its owner in log time
        Map<String, java.util.TreeMap<Integer, List<Resource>>> byFile = new HashMap<>();
        for (Resource r : resources) {
            if (r.origin() != Resource.Origin.RENDERED) {
                byFile.computeIfAbsent(r.file(), k -> new java.util.TreeMap<>())
                        .computeIfAbsent(r.document().map().start().line(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Resource owner = owner(byFile.get(f.file()), f);
            if (owner != null && !f.pointer().isEmpty()) {
                Finding g = new Finding(f.rule(), f.severity(), f.file(), f.line(), f.column(), f.pointer(), owner.identity(), f.message());
                perResource.computeIfAbsent(owner, k -> new ArrayList<>()).add(g);
                out.add(g);
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** The last resource starting at or before the finding's line whose document part holds its pointer. */
    private static Resource owner(java.util.TreeMap<Integer, List<Resource>> starts, Finding f) {
        if (starts == null) {
            return null;
        }
        for (var e : starts.headMap(f.line(), true).descendingMap().entrySet()) {
            List<Resource> at = e.getValue();
            for (int i = at.size() - 1; i >= 0; i--) {
                Resource r = at.get(i);
                if (f.pointer().isEmpty() || f.pointer().startsWith(r.absolutePointer(""))) {
                    return r;
                }
            }
        }
        return null;
    }

    static List<Finding> applySeverity(Options o, List<Finding> in) {
        if (o.severityOverrides().isEmpty()) {
            return in;
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : in) {
            if (o.severityOverrides().containsKey(f.rule())) {
                Severity s = o.severityOverrides().get(f.rule());
                if (s != null) {
                    out.add(f.withSeverity(s));
                }
            } else {
                out.add(f);
            }
        }
        return out;
    }

}
