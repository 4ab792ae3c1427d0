package io.difyops.engine;

import io.difyops.cel.CelRules;
import io.difyops.chart.ChartLocks;
import io.difyops.chart.RealCharts;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.model.DifyRelease;
import io.difyops.config.Options;
import io.difyops.config.RepoConfig;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import io.difyops.rules.Rules;
import io.difyops.git.BaseRevision;
import io.difyops.load.Resource;
import io.difyops.model.Base;
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
    private java.util.Map<String, io.difyops.chart.ChartVersion> deployed = java.util.Map.of();

    /** With {@code validate --cluster}: what the management cluster runs ({@code namespace/name} of a HelmRelease to its deployed version). */
    public Validator deployed(java.util.Map<String, io.difyops.chart.ChartVersion> versions) {
        this.deployed = java.util.Map.copyOf(versions);
        return this;
    }

    /** The repository's objects as a run sees them (files read, kustomizations rendered), without checking them. */
    public Model model(Options o) throws UsageException {
        return load(o, Scope.of(o)).model();
    }

    public Report run(Options o) throws UsageException {
        io.difyops.diag.Timings.mark("start");
        Scope scope = Scope.of(o);
        Loader.Loaded loaded;
        if (scope.repository()) {
            loaded = load(o, scope);
        } else {
            // outside a repository a large tree is read in batches; a small one (or one with a kustomization) whole
            Loader.Scanned scanned;
            try {
                scanned = Loader.scan(o, scope.loadPaths(), true);
            } catch (Loader.LoadException e) {
                throw new UsageException(e.getMessage());
            }
            io.difyops.diag.Timings.mark("scan");
            Optional<Report> batched = BatchedRun.run(o, scope, cel, scanned);
            if (batched.isPresent()) {
                io.difyops.diag.Timings.mark("batches");
                return batched.get();
            }
            loaded = Loader.load(o, scanned);
        }
        io.difyops.diag.Timings.mark("load and render");
        Model model = loaded.model();
        LockState lock = scope.repository() ? LockState.read(o.root()) : LockState.NONE;
        SchemaStore store = schemas(o, model, lock);
        java.util.Queue<io.difyops.load.Gvk> kinds = new java.util.concurrent.ConcurrentLinkedQueue<>();
        model.resources().stream().map(Resource::gvk).distinct().forEach(kinds::add);
        java.util.concurrent.CompletableFuture<Void> warm = java.util.concurrent.CompletableFuture.runAsync(() -> warmUp(store, kinds));
        io.difyops.diag.Timings.mark("schemas");
        Optional<Base> base = scope.repository() ? base(o, model) : Optional.empty();
        io.difyops.diag.Timings.mark("base");
        List<Finding> input = new ArrayList<>(loaded.input().list());
        if (scope.repository() && base.isEmpty()) {
            noBase(o).ifPresent(input::add);
        }
        RuleContext ctx = new RuleContext(model, o, store, cel, Substitution.substitutable(o, loaded.scanner(), model.resources()),
                base, catalog(o, scope), new ChartLocks(o.root()), lock, realCharts(o, scope, model), deployed);
        warmUp(store, kinds); // this thread takes its share of what is left
        warm.join();
        io.difyops.diag.Timings.mark("context");
        RuleRunner.Outcome outcome = RuleRunner.run(o, scope, ctx, store, model.resources());
        io.difyops.diag.Timings.mark("rules");
        int files = (int) model.files().stream().filter(f -> scope.reports(f.relPath())).count();
        Report report = ReportBuilder.build(o, scope, store, files, model.resources(), input, outcome);
        Redactor redactor = Redactor.of(model.documents());
        List<Report.ResourceResult> results = report.resources().stream().map(r -> new Report.ResourceResult(r.identity(), r.file(),
                r.line(), r.status(), redactor.clean(r.findings()))).toList();
        io.difyops.diag.Timings.mark("report");
        return new Report(report.files(), results, redactor.clean(report.findings()));
    }

    /**
     * While the base is read (one core), the other compiles what the rules will ask for: the schema of
     * every kind the model holds and the CEL programs of its rules, taken from a shared queue, so that the
     * main thread, once the base is read, compiles the rest beside it. Failures are left for the rules to report.
     */
    private void warmUp(SchemaStore store, java.util.Queue<io.difyops.load.Gvk> kinds) {
        for (io.difyops.load.Gvk g = kinds.poll(); g != null; g = kinds.poll()) {
            try {
                long t0 = io.difyops.diag.Timings.on() ? System.nanoTime() : 0;
                SchemaStore.Lookup l = store.lookup(g);
                if (t0 != 0) {
                    io.difyops.diag.Timings.add("warm-up: schemas", System.nanoTime() - t0);
                }
                if (l.found()) {
                    for (CelRules.Site s : CelRules.sites(l.schema().document())) {
                        try {
                            long t1 = io.difyops.diag.Timings.on() ? System.nanoTime() : 0;
                            cel.program(s.expression());
                            if (t1 != 0) {
                                io.difyops.diag.Timings.add("warm-up: cel", System.nanoTime() - t1);
                            }
                        } catch (IllegalArgumentException e) {
                            // the cel rule reports a rule that does not compile
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the schema rules report it
            }
        }
    }

    /** The finding for a git repository without a base: the rules that did not run; an error in CI unless allowed. */
    private static Optional<Finding> noBase(Options o) {
        String why = BaseRevision.whyNone(o.root(), o.upgrade().baseBranch());
        if (why == null) {
            return Optional.empty();
        }
        List<String> skipped = Rules.all().stream().filter(r -> r.info().needsBase()).map(r -> r.info().id()).toList();
        Severity severity = o.upgrade().requireBase() ? Severity.ERROR : Severity.WARNING;
        return Optional.of(new Finding("base-missing", severity, RepoConfig.FILE_NAME, 1, 1, "", "",
                "no base to compare with, so " + skipped.size() + " rules and the CEL transition rules did not run; fetch the "
                        + "history (fetch-depth: 0) or pass --base" + (severity == Severity.ERROR ? " (or --allow-no-base)" : ""),
                why + "; not run: " + String.join(", ", skipped) + ", and cel's oldSelf rules"));
    }

    /** The base of the change, loaded like the working tree, or empty when there is none. */
    public static Optional<Base> base(Options o, Model now) throws UsageException {
        try {
            Optional<java.nio.file.Path> key = io.difyops.git.BaseCache.key(o.root(), o.upgrade().baseRef(), o.upgrade().baseBranch(), o.cacheDir());
            Optional<Base> known = key.flatMap(io.difyops.git.BaseCache::read).flatMap(e -> Base.fromCache(e, o, now));
            if (known.isPresent()) {
                return known;
            }
            Optional<BaseRevision> rev = BaseRevision.open(o.root(), o.upgrade().baseRef(), o.upgrade().baseBranch());
            if (rev.isEmpty()) {
                return Optional.empty();
            }
            try (BaseRevision r = rev.get()) {
                Base b = Base.load(r, o, now);
                key.ifPresent(k -> Base.record(k, r, b, now));
                return Optional.of(b);
            }
        } catch (BaseRevision.BaseException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("the base cannot be read: " + e.getMessage());
        }
    }

    private static Loader.Loaded load(Options o, Scope scope) throws UsageException {
        try {
            return Loader.load(o, scope.loadPaths());
        } catch (Loader.LoadException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The schemas a validate run would use for this model (the repository's lock where the options name it). */
    public static SchemaStore schemas(Options o, Model model) throws UsageException {
        return schemas(o, model, LockState.read(o.root()));
    }

    /** The schemas of a run: CRDs and XRDs in the tree first, then each location in order, the schema lock where it stands. */
    static SchemaStore schemas(Options o, Model model, LockState lock) throws UsageException {
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
            if (r.origin() != Resource.Origin.PATCH && (CrdConverter.isCrd(r.node()) || CrdConverter.isXrd(r.node()))
                    && CrdConverter.shapeProblem(r.node()).isEmpty()) {
                // a definition of the wrong shape is reported where it stands (schema rule); it adds no schema
                for (CrdConverter.Version v : CrdConverter.versions(r.node())) {
                    store.addInTree(v, r.file());
                }
            }
        }
        return store;
    }

    /** Online, the real chart of every pinned dify version, to compare with its lock (rule chart-lock). */
    private static RealCharts realCharts(Options o, Scope scope, Model model) {
        if (o.offline() || !scope.repository()) {
            return RealCharts.NONE;
        }
        List<RealCharts.Request> requests = new ArrayList<>();
        for (DifyRelease r : model.difyReleases()) {
            Optional<String> source = r.chartSource(o.upgrade().chartSource());
            r.version().ifPresent(v -> source.ifPresent(s -> requests.add(new RealCharts.Request(s, DifyRelease.CHART, v.toString()))));
        }
        return RealCharts.fetch(requests, o.cacheDir());
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
