package io.difyops.rules;

import io.difyops.cel.CelRules;
import io.difyops.model.Model;
import io.difyops.config.Options;
import io.difyops.load.Resource;
import io.difyops.schema.SchemaStore;
import java.util.function.Predicate;

/** What a rule may look at: the model, the schemas, the options. Rules never read files themselves. */
public record RuleContext(Model model, Options options, SchemaStore schemas, CelRules cel,
                          Predicate<Resource> substitutable, java.util.Optional<io.difyops.git.BaseRevision> base,
                          io.difyops.chart.ReleaseCatalog catalog, io.difyops.chart.ChartLocks locks,
                          io.difyops.schemalock.LockState lock) {
}
