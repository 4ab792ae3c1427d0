package io.difyops.engine;

import io.difyops.cel.CelRules;
import io.difyops.chart.ChartLocks;
import io.difyops.chart.RealCharts;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.config.Options;
import io.difyops.diag.Finding;
import io.difyops.diag.Findings;
import io.difyops.kustomize.Kustomization;
import io.difyops.load.InputFile;
import io.difyops.load.InputScanner;
import io.difyops.load.Resource;
import io.difyops.model.Loader;
import io.difyops.model.Model;
import io.difyops.model.Substitution;
import io.difyops.rules.RuleContext;
import io.difyops.schema.SchemaStore;
import io.difyops.schemalock.LockState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Outside a difyops repository only the generic rules run, and none of them looks across files: such a
 * run reads, checks and reports its files a batch at a time and keeps only each resource's verdict, so
 * its memory follows the batch, not the corpus (100,000 documents: issue 14). What one file's rules need
 * from the others is read first: the CRDs and XRDs the tree defines (schemas) and the Flux
 * Kustomizations with {@code postBuild} (which files may hold {@code ${VAR}}), found by a text search.
 * The report is the one a whole load gives, but for one difference: a secret value (see {@link Redactor}) is
 * shown in a message only when a file of the same batch states it in the open (a whole load looks at every
 * file), so a batched run never hides less.
 * Kustomizations are rendered across files, so a tree that holds one is loaded whole.
 */
final class BatchedRun {
    /**
     * Files per batch: large enough that the rules run in parallel, small enough to keep memory flat (100,000
     * documents in 20,000 files: 230 MiB at 200–500; 420 MiB at 1,000). The system property
     * {@code difyops.batchFiles} changes it (tests, measurements); a tree of at most one batch is read whole.
     */
    static int batchFiles() {
        return Integer.getInteger("difyops.batchFiles", 250);
    }

    /** Words whose file is read before the batches: definitions of kinds, and Flux substitutions. */
    private static final List<String> PRELUDE_WORDS = List.of("CustomResourceDefinition", "postBuild");

    private BatchedRun() {
    }

    /** The report of a batched run of what a deferred scan found, or empty when this run must load the tree whole. */
    static Optional<Report> run(Options o, Scope scope, CelRules cel, Loader.Scanned scanned) throws UsageException {
        if (scope.repository()) {
            return Optional.empty();
        }
        InputScanner scanner = scanned.scanner();
        List<InputFile> files = scanned.files();
        Findings scanFindings = scanned.input();
        int batchFiles = batchFiles();
        if (files.size() <= batchFiles || files.stream().anyMatch(f -> Kustomization.isKustomizationFile(f.path()))) {
            return Optional.empty();
        }

        // What every batch needs from the others: the tree's own kinds and Flux's substitutions.
        List<InputFile> prelude = files.parallelStream().filter(BatchedRun::mentionsPrelude).map(f -> scanner.read(f, new Findings()))
                .filter(java.util.Objects::nonNull).toList();
        io.difyops.diag.Timings.mark("batches: prelude search");
        Model defining = Loader.load(o, scanner, prelude, new Findings()).model();
        SchemaStore store = Validator.schemas(o, defining, LockState.NONE);
        Predicate<Resource> substitutable = Substitution.substitutable(o, scanner, defining.resources());

        io.difyops.diag.Timings.mark("batches: prelude");
        int fileCount = 0;
        List<Report.ResourceResult> results = new ArrayList<>();
        ReportBuilder.Capper findings = new ReportBuilder.Capper(ReportBuilder.MAX_PER_RULE);
        List<Redactor> redactors = new ArrayList<>();
        for (int from = 0; from < files.size(); from += batchFiles) {
            Loader.Loaded loaded = Loader.load(o, new Loader.Scanned(scanner, files.subList(from, Math.min(files.size(), from + batchFiles)),
                    new Findings()));
            Model model = loaded.model();
            RuleContext ctx = context(o, model, store, cel, substitutable);
            RuleRunner.Outcome outcome = RuleRunner.run(o, scope, ctx, store, model.resources(), false);
            Report part = ReportBuilder.build(o, scope, store, (int) model.files().stream().filter(f -> scope.reports(f.relPath())).count(),
                    model.resources(), loaded.input().list(), outcome, Integer.MAX_VALUE);
            redactors.add(Redactor.of(model.documents()));
            fileCount += part.files();
            results.addAll(part.resources());
            part.findings().forEach(findings::add);
        }
        // the repository rules once (of the generic ones, an unfinished bump), and the scan's findings (files not read)
        RuleContext ctx = context(o, defining, store, cel, substitutable);
        RuleRunner.Outcome outcome = RuleRunner.run(o, scope, ctx, store, List.of(), true);
        Report rest = ReportBuilder.build(o, scope, store, 0, List.of(), scanFindings.list(), outcome, Integer.MAX_VALUE);
        rest.findings().forEach(findings::add);
        // secrets are hidden last, with what every batch knew (a value one batch holds may be quoted in another's finding)
        Redactor redactor = Redactor.union(redactors);
        List<Report.ResourceResult> cleaned = new ArrayList<>(results.size());
        for (Report.ResourceResult r : results) {
            cleaned.add(r.findings().isEmpty() ? r : new Report.ResourceResult(r.identity(), r.file(), r.line(), r.status(), redactor.clean(r.findings())));
        }
        return Optional.of(new Report(fileCount, cleaned, redactor.clean(findings.result())));
    }

    /** Whether the file's bytes hold a prelude word (ASCII, so no decoding); an unreadable file is left to its batch. */
    private static boolean mentionsPrelude(InputFile f) {
        try {
            String latin = new String(java.nio.file.Files.readAllBytes(f.path()), java.nio.charset.StandardCharsets.ISO_8859_1);
            return PRELUDE_WORDS.stream().anyMatch(latin::contains);
        } catch (IOException | OutOfMemoryError e) {
            return false;
        }
    }

    private static RuleContext context(Options o, Model model, SchemaStore store, CelRules cel, Predicate<Resource> substitutable) {
        return new RuleContext(model, o, store, cel, substitutable, Optional.empty(), ReleaseCatalog.empty(), new ChartLocks(o.root()),
                LockState.NONE, RealCharts.NONE, java.util.Map.of());
    }
}
