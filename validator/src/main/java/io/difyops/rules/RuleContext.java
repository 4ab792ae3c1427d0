package io.difyops.rules;

import io.difyops.cel.CelRules;
import io.difyops.model.Model;
import io.difyops.config.Options;
import io.difyops.load.Resource;
import io.difyops.schema.SchemaStore;
import java.util.function.Predicate;

/**
 * What a rule may look at, all read before the rules run: the model and the base model, the
 * schemas, the options, the release catalog, the chart locks, the schema lock and the real charts
 * (online). Rules do no I/O.
 */
public record RuleContext(Model model, Options options, SchemaStore schemas, CelRules cel,
                          Predicate<Resource> substitutable, java.util.Optional<io.difyops.model.Base> base,
                          io.difyops.chart.ReleaseCatalog catalog, io.difyops.chart.ChartLocks locks,
                          io.difyops.schemalock.LockState lock, io.difyops.chart.RealCharts charts,
                          java.util.Map<String, io.difyops.chart.ChartVersion> deployed) {
    /**
     * @param deployed with {@code validate --cluster}: the chart version each HelmRelease of the management
     *                 cluster has deployed, keyed {@code namespace/name}; empty otherwise
     */
    public RuleContext {
        deployed = java.util.Map.copyOf(deployed);
    }
}
