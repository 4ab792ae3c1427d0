package io.difyops.engine;

import io.difyops.config.Options;
import io.difyops.diag.Finding;
import io.difyops.diag.Findings;
import io.difyops.load.Resource;
import io.difyops.model.Targets;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.ResourceRule;
import io.difyops.diag.Rule;
import io.difyops.rules.RuleContext;
import io.difyops.rules.Rules;
import io.difyops.rules.schema.KindRejected;
import io.difyops.schema.SchemaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the rules: each resource rule on every resource (in parallel), then each repository rule once. */
final class RuleRunner {
    /** What the rules found: per resource, for the repository as a whole, and the resources skipped. */
    record Outcome(Map<Resource, List<Finding>> perResource, List<Finding> repository, Set<Resource> skipped) {
    }

    private RuleRunner() {
    }

    static Outcome run(Options o, Scope scope, RuleContext ctx, SchemaStore store, List<Resource> resources) {
        return run(o, scope, ctx, store, resources, true);
    }

    /** As {@link #run}; {@code repositoryRules} false runs the resource rules only (a batch of a batched run). */
    static Outcome run(Options o, Scope scope, RuleContext ctx, SchemaStore store, List<Resource> resources, boolean repositoryRules) {
        KindMatcher skip = new KindMatcher(o.skip());
        KindMatcher reject = new KindMatcher(o.reject());
        List<ResourceRule> rules = Rules.resourceRules().stream().filter(r -> applies(r, scope)).toList();
        Map<Resource, List<Finding>> perResource = new ConcurrentHashMap<>();
        Set<Resource> skipped = ConcurrentHashMap.newKeySet();
        resources.parallelStream().forEach(r -> {
            Findings out = new Findings();
            if (reject.matches(r.gvk())) {
                out.report(KindRejected.class, r, "", r.kind() + " " + r.name() + " failed validation: prohibited resource kind "
                        + r.kind() + " (it is on the --reject list)");
            } else if (skip.matches(r.gvk())) {
                skipped.add(r);
            } else {
                SchemaStore.Lookup lookup = store.lookup(r.gvk());
                boolean schemaSkipped = o.ignoreMissingSchemas() && !lookup.found() && lookup.brokenSchema() == null
                        && lookup.unreachable().isEmpty();
                if (schemaSkipped) {
                    skipped.add(r);
                }
                for (ResourceRule rule : rules) {
                    if (Targets.matches(rule.info().appliesTo(), r) && !(schemaSkipped && Rules.needsSchema(rule))) {
                        try {
                            long t0 = io.difyops.diag.Timings.on() ? System.nanoTime() : 0;
                            rule.check(r, ctx, out);
                            if (t0 != 0) {
                                io.difyops.diag.Timings.add(rule.info().id(), System.nanoTime() - t0);
                            }
                        } catch (RuntimeException | StackOverflowError e) {
                            out.report(io.difyops.load.InternalFailure.class, r, "", crashed(rule, e));
                        }
                    }
                }
            }
            perResource.put(r, new ArrayList<>(out.list()));
        });
        // Repository rules only read the model and the context: run side by side, reported in the rules' order.
        List<RepositoryRule> repoRules = repositoryRules
                ? Rules.repositoryRules().stream().filter(rule -> applies(rule, scope)).toList() : List.of();
        List<Findings> byRule = repoRules.parallelStream().map(rule -> {
            Findings f = new Findings();
            try {
                long t0 = io.difyops.diag.Timings.on() ? System.nanoTime() : 0;
                rule.check(ctx, f);
                if (t0 != 0) {
                    io.difyops.diag.Timings.add(rule.info().id(), System.nanoTime() - t0);
                }
            } catch (RuntimeException | StackOverflowError e) {
                f.reportAt(io.difyops.load.InternalFailure.class, "", io.difyops.diag.Position.START, "", crashed(rule, e));
            }
            return f;
        }).toList();
        Findings repo = new Findings();
        byRule.forEach(repo::addAll);
        return new Outcome(perResource, repo.list(), skipped);
    }

    /** One rule failing on one input is one finding there; the other rules and inputs still run. */
    private static String crashed(Rule rule, Throwable e) {
        if (System.getenv("DIFYOPS_DEBUG") != null) {
            e.printStackTrace();
        }
        return "the gate's rule " + rule.info().id() + " failed here (" + e.getClass().getSimpleName()
                + "), so its verdict on this input is unknown and the run cannot pass; report it with this input"
                + " (DIFYOPS_DEBUG=1 shows where)";
    }

    /** Outside a difyops repository only the generic rules run. */
    static boolean applies(Rule rule, Scope scope) {
        return scope.repository() || rule.info().generic();
    }
}
