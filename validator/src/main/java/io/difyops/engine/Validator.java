package io.difyops.engine;

import io.difyops.cel.CelRules;
import io.difyops.chart.ChartLocks;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.config.Options;
import io.difyops.git.BaseRevision;
import io.difyops.load.Resource;
import io.difyops.model.Loader;
import io.difyops.model.Model;
import io.difyops.model.Substitution;
import io.difyops.rules.RuleContext;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.JsonSchemas;
import io.difyops.schema.SchemaFetcher;
import io.difyops.schema.SchemaLocation;
import io.difyops.schema.SchemaLocations;
import io.difyops.schema.SchemaStore;
import io.difyops.schemalock.LockLocation;
import io.difyops.schemalock.LockState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline, wired: the repository model (the loader) → schemas (the tree's CRDs and XRDs, the
 * locations, the schema lock) → the base → rules → report. Each stage lives in its own package.
 */
public final class Validator {
    private final CelRules cel = new CelRules();

    /** The repository's objects as a run sees them (files read, kustomizations rendered), without checking them. */
    public Model model(Options o) throws UsageException {
        return load(o, Scope.of(o)).model();
    }

    public Report run(Options o) throws UsageException {
        Scope scope = Scope.of(o);
        Loader.Loaded loaded = load(o, scope);
        Model model = loaded.model();
        LockState lock = scope.repository() ? LockState.read(o.root()) : LockState.NONE;
        SchemaStore store = schemas(o, model, lock);
        Optional<BaseRevision> base;
        try {
            base = scope.repository() ? BaseRevision.open(o.root(), o.upgrade().baseRef(), o.upgrade().baseBranch()) : Optional.empty();
        } catch (BaseRevision.BaseException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            RuleContext ctx = new RuleContext(model, o, store, cel, Substitution.substitutable(o, loaded.scanner(), model.resources()),
                    base, catalog(o, scope), new ChartLocks(o.root()), lock);
            RuleRunner.Outcome outcome = RuleRunner.run(o, scope, ctx, store, model.resources());
            int files = (int) model.files().stream().filter(f -> scope.reports(f.relPath())).count();
            return ReportBuilder.build(o, scope, store, files, model.resources(), loaded.input().list(), outcome);
        } finally {
            base.ifPresent(BaseRevision::close);
        }
    }

    private static Loader.Loaded load(Options o, Scope scope) throws UsageException {
        try {
            return Loader.load(o, scope.loadPaths());
        } catch (Loader.LoadException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The schemas of a run: CRDs and XRDs in the tree first, then each location in order, the schema lock where it stands. */
    private static SchemaStore schemas(Options o, Model model, LockState lock) throws UsageException {
        SchemaFetcher fetcher = new SchemaFetcher(o.cacheDir(), o.offline());
        List<SchemaLocation> locations = new ArrayList<>();
        for (String loc : o.schemaLocations()) {
            if (Options.LOCK_LOCATION.equals(loc)) {
                if (lock.lock() != null) {
                    locations.add(new LockLocation(o.root(), lock.lock()));
                }
                continue;
            }
            try {
                locations.add(SchemaLocations.parse(loc, o.root(), fetcher));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        SchemaStore store = new SchemaStore(locations, new JsonSchemas(fetcher), o.strict());
        for (Resource r : model.resources()) {
            if (r.origin() != Resource.Origin.PATCH && (CrdConverter.isCrd(r.node()) || CrdConverter.isXrd(r.node()))) {
                for (CrdConverter.Version v : CrdConverter.versions(r.node())) {
                    store.addInTree(v, r.file());
                }
            }
        }
        return store;
    }

    /** The release catalog of the repository, with the upstream one merged over it when online. */
    private static ReleaseCatalog catalog(Options o, Scope scope) throws UsageException {
        if (!scope.repository()) {
            return ReleaseCatalog.empty();
        }
        try {
            return ReleaseCatalog.load(o.root(), o.offline(), o.upgrade().releaseCatalog());
        } catch (IOException | RuntimeException e) {
            throw new UsageException(ReleaseCatalog.REPOSITORY_COPY + " cannot be read: " + e.getMessage());
        }
    }
}
