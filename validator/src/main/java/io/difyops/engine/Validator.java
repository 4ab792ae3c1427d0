package io.difyops.engine;

import io.difyops.model.Model;
import io.difyops.config.Options;
import io.difyops.cel.CelRules;
import io.difyops.chart.ChartLocks;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.git.BaseRevision;
import io.difyops.kustomize.Kustomization;
import io.difyops.kustomize.KustomizeRenderer;
import io.difyops.load.InputFile;
import io.difyops.load.InputScanner;
import io.difyops.diag.Position;
import io.difyops.load.Resource;
import io.difyops.load.ResourceExtractor;
import io.difyops.load.SourceMap;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Finding;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import io.difyops.rules.Rules;
import io.difyops.diag.Severity;
import io.difyops.kustomize.KustomizeBuild;
import io.difyops.load.NoInput;
import io.difyops.rules.schema.KindRejected;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.JsonSchemas;
import io.difyops.schema.SchemaFetcher;
import io.difyops.schema.SchemaLocation;
import io.difyops.schema.SchemaLocations;
import io.difyops.schema.SchemaStore;
import io.difyops.schemalock.LockLocation;
import io.difyops.schemalock.LockState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The pipeline: files → documents → (kustomize renders) → resources → rules → report. Each stage is
 * in its own package; this class only wires them.
 */
public final class Validator {
    private final CelRules cel = new CelRules();

    /** What loading produced: the files, their documents and the resources, and the findings made while reading. */
    private record Loaded(InputScanner scanner, List<InputFile> files, Map<String, List<YamlDocument>> docs, List<Resource> resources,
                          Findings input, YamlReader reader) {
    }

    /** The repository's objects as a run sees them (files read, kustomizations rendered), without checking them. */
    public Model model(Options o) throws UsageException {
        Loaded l = load(o);
        return new Model(o.root(), l.files(), l.docs(), Collections.unmodifiableList(l.resources()));
    }

    private Loaded load(Options o) throws UsageException {
        Findings input = new Findings();
        InputScanner scanner = new InputScanner(o.root(), o.limits(), o.ignore());
        List<InputFile> files;
        try {
            files = scanner.scan(o.paths(), input);
        } catch (NoSuchFileException e) {
            throw new UsageException("path '" + e.getFile() + "' does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read input: " + e.getMessage());
        }
        if (files.isEmpty() && input.isEmpty()) {
            String where = o.paths().isEmpty() ? "." : scanner.relative(o.paths().get(0));
            input.reportAt(NoInput.class, where, Position.START, "", "no YAML or JSON file found under " + where
                    + " (after .gitignore and ignore: in .difyops.yaml); nothing was validated");
        }

        // Parse every file (in parallel; each file has its own findings).
        YamlReader reader = new YamlReader(o.limits(), o.strict());
        Map<String, List<YamlDocument>> docs = new ConcurrentHashMap<>();
        Map<String, Findings> parseFindings = new ConcurrentHashMap<>();
        files.parallelStream().forEach(f -> {
            Findings ff = new Findings();
            docs.put(f.relPath(), reader.read(f.relPath(), f.text(), ff));
            parseFindings.put(f.relPath(), ff);
        });
        files.forEach(f -> input.addAll(parseFindings.get(f.relPath())));
        Map<String, List<YamlDocument>> orderedDocs = new LinkedHashMap<>();
        files.forEach(f -> orderedDocs.put(f.relPath(), docs.get(f.relPath())));

        List<Resource> resources = new ArrayList<>();
        Set<Path> handled = loadKustomizations(o, scanner, files, orderedDocs, resources, input);
        for (InputFile f : files) {
            if (!handled.contains(f.path().toAbsolutePath().normalize())) {
                for (YamlDocument d : orderedDocs.get(f.relPath())) {
                    ResourceExtractor.extract(d, Resource.Origin.FILE, null, input, resources::add);
                }
            }
        }
        return new Loaded(scanner, files, orderedDocs, resources, input, reader);
    }

    public Report run(Options o) throws UsageException {
        Loaded l = load(o);
        InputScanner scanner = l.scanner();
        List<InputFile> files = l.files();
        Map<String, List<YamlDocument>> orderedDocs = l.docs();
        List<Resource> resources = l.resources();
        Findings input = l.input();
        YamlReader reader = l.reader();
        SchemaFetcher fetcher = new SchemaFetcher(o.cacheDir(), o.offline());
        LockState lockState = LockState.read(o.root());
        List<SchemaLocation> locations = new ArrayList<>();
        for (String loc : o.schemaLocations()) {
            if (Options.LOCK_LOCATION.equals(loc)) {
                if (lockState.lock() != null) {
                    locations.add(new LockLocation(o.root(), lockState.lock()));
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
        for (Resource r : resources) {
            if (r.origin() != Resource.Origin.PATCH && (CrdConverter.isCrd(r.node()) || CrdConverter.isXrd(r.node()))) {
                for (CrdConverter.Version v : CrdConverter.versions(r.node())) {
                    store.addInTree(v, r.file());
                }
            }
        }
        registerDefinitionsElsewhere(o, scanner, files, reader, store);

        Model model = new Model(o.root(), files, orderedDocs, Collections.unmodifiableList(resources));
        Optional<BaseRevision> base;
        try {
            base = BaseRevision.open(o.root(), o.upgrade().baseRef(), o.upgrade().baseBranch());
        } catch (BaseRevision.BaseException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            RuleContext ctx = new RuleContext(model, o, store, cel, substitutable(o, scanner, resources), base,
                    catalog(o), new ChartLocks(o.root()), lockState);
            return check(o, ctx, store, files.size(), resources, input);
        } finally {
            base.ifPresent(BaseRevision::close);
        }
    }

    /**
     * When only part of the repository is validated, the CRDs and XRDs in the rest of it still
     * define kinds: {@code difyops validate crossplane/environments} knows the DifyEnvironment XRD.
     */
    private static void registerDefinitionsElsewhere(Options o, InputScanner scanner, List<InputFile> files, YamlReader reader,
                                                     SchemaStore store) {
        Path root = o.root().toAbsolutePath().normalize();
        if (!java.nio.file.Files.exists(root.resolve(".git"))) {
            return; // not a repository: only what was named is known
        }
        boolean partial = o.paths().stream().anyMatch(p -> {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(root) && !abs.equals(root);
        }) && o.paths().stream().noneMatch(p -> p.toAbsolutePath().normalize().equals(root));
        if (!partial) {
            return;
        }
        Set<Path> seen = new HashSet<>();
        files.forEach(f -> seen.add(f.path().toAbsolutePath().normalize()));
        List<InputFile> all;
        try {
            all = scanner.scan(List.of(root), new Findings());
        } catch (IOException e) {
            return;
        }
        for (InputFile f : all) {
            if (seen.contains(f.path().toAbsolutePath().normalize())
                    || !(f.text().contains("CustomResourceDefinition") || f.text().contains("CompositeResourceDefinition"))) {
                continue;
            }
            for (YamlDocument d : reader.read(f.relPath(), f.text(), new Findings())) {
                if (CrdConverter.isCrd(d.root()) || CrdConverter.isXrd(d.root())) {
                    for (CrdConverter.Version v : CrdConverter.versions(d.root())) {
                        store.addInTree(v, f.relPath());
                    }
                }
            }
        }
    }

    /** The repository's release catalog, with the upstream catalog merged over it when it can be fetched. */
    private static ReleaseCatalog catalog(Options o) throws UsageException {
        ReleaseCatalog catalog;
        try {
            catalog = ReleaseCatalog.read(o.root().resolve(ReleaseCatalog.REPOSITORY_COPY));
        } catch (IOException | RuntimeException e) {
            throw new UsageException(ReleaseCatalog.REPOSITORY_COPY + " cannot be read: " + e.getMessage());
        }
        if (!o.offline() && java.nio.file.Files.isRegularFile(o.root().resolve(ReleaseCatalog.REPOSITORY_COPY))) {
            String url = o.upgrade().releaseCatalog() != null ? o.upgrade().releaseCatalog() : ReleaseCatalog.UPSTREAM;
            if (!"off".equals(url) && new SchemaFetcher(null, false).fetch(url) instanceof SchemaFetcher.Found f) { // never cached: it changes
                try {
                    catalog.merge(ReleaseCatalog.parse(f.text()));
                } catch (RuntimeException e) {
                    // an unreadable upstream catalog leaves the repository copy in charge
                }
            }
        }
        return catalog;
    }

    private Report check(Options o, RuleContext ctx, SchemaStore store, int fileCount, List<Resource> resources, Findings input) {
        KindMatcher skip = new KindMatcher(o.skip());
        KindMatcher reject = new KindMatcher(o.reject());
        List<ResourceRule> rules = Rules.resourceRules();
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
                boolean schemaSkipped = o.ignoreMissingSchemas() && !store.lookup(r.gvk()).found()
                        && store.lookup(r.gvk()).brokenSchema() == null && store.lookup(r.gvk()).unreachable().isEmpty();
                if (schemaSkipped) {
                    skipped.add(r);
                }
                for (ResourceRule rule : rules) {
                    if (!(schemaSkipped && Rules.needsSchema(rule))) {
                        rule.check(r, ctx, out);
                    }
                }
            }
            perResource.put(r, new ArrayList<>(applySeverity(o, out.list())));
        });
        Findings repo = new Findings();
        for (RepositoryRule rule : Rules.repositoryRules()) {
            rule.check(ctx, repo);
        }

        Set<Finding> all = new LinkedHashSet<>(attach(applySeverity(o, input.list()), resources, perResource));
        List<Finding> repoFindings = applySeverity(o, repo.list());
        all.addAll(repoFindings);
        Map<String, Resource> byIdentity = new HashMap<>();
        resources.forEach(r -> byIdentity.putIfAbsent(r.file() + "|" + r.identity(), r));
        for (Finding f : repoFindings) {
            Resource owner = byIdentity.get(f.file() + "|" + f.resource());
            if (owner != null) {
                perResource.computeIfAbsent(owner, k -> new ArrayList<>()).add(f);
            }
        }
        List<Report.ResourceResult> results = new ArrayList<>();
        for (Resource r : resources) {
            List<Finding> fs = perResource.getOrDefault(r, List.of());
            all.addAll(fs);
            boolean bad = fs.stream().anyMatch(f -> f.severity() == Severity.ERROR);
            Report.Status status = bad ? Report.Status.INVALID : skipped.contains(r) ? Report.Status.SKIPPED
                    : checked(r, store) ? Report.Status.VALID : Report.Status.UNCHECKED;
            results.add(new Report.ResourceResult(r.identity(), r.file(), r.positionOf("").line(), status, fs));
        }
        List<Finding> sorted = new ArrayList<>(all);
        sorted.sort(Finding.ORDER);
        return new Report(fileCount, results, sorted);
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
        Map<String, List<Resource>> byFile = new HashMap<>();
        for (Resource r : resources) {
            if (r.origin() != Resource.Origin.RENDERED) {
                byFile.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Resource owner = null;
            for (Resource r : byFile.getOrDefault(f.file(), List.of())) {
                int start = r.document().map().start().line();
                if (start <= f.line() && (owner == null || start >= owner.document().map().start().line())
                        && (f.pointer().isEmpty() || f.pointer().startsWith(r.absolutePointer("")))) {
                    owner = r;
                }
            }
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

    private static List<Finding> applySeverity(Options o, List<Finding> in) {
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

    /**
     * Renders every kustomization and turns its output into resources. Returns the files whose
     * documents were taken care of here (rendered, patches, generator inputs, kustomization files).
     */
    private Set<Path> loadKustomizations(Options o, InputScanner scanner, List<InputFile> files,
                                         Map<String, List<YamlDocument>> docs, List<Resource> resources, Findings out) {
        Set<Path> handled = new HashSet<>();
        List<Kustomization> kustomizations = new ArrayList<>();
        Map<Path, InputFile> byPath = new HashMap<>();
        for (InputFile f : files) {
            Path abs = f.path().toAbsolutePath().normalize();
            byPath.put(abs, f);
            if (Kustomization.isKustomizationFile(abs)) {
                handled.add(abs);
                List<YamlDocument> d = docs.get(f.relPath());
                if (!d.isEmpty()) {
                    kustomizations.add(Kustomization.of(abs, d.get(0).root()));
                }
            }
        }
        if (kustomizations.isEmpty() || !o.render()) {
            return handled;
        }
        Set<Path> patches = new LinkedHashSet<>();
        for (Kustomization k : kustomizations) {
            handled.addAll(k.generatorFiles());
            patches.addAll(k.patches());
        }
        for (Path p : patches) {
            InputFile f = byPath.get(p);
            if (f != null && handled.add(p)) {
                for (YamlDocument d : docs.get(f.relPath())) {
                    if (d.root().isObject() && d.root().has("kind") && d.root().has("apiVersion")) {
                        ResourceExtractor.extract(d, Resource.Origin.PATCH, null, out, resources::add);
                    }
                }
            }
        }

        KustomizeRenderer renderer = KustomizeRenderer.find();
        List<Kustomization> roots = kustomizations.stream().filter(k -> !k.component()).toList();
        Map<Kustomization, KustomizeRenderer.Result> rendered = new ConcurrentHashMap<>();
        if (renderer != null) {
            roots.parallelStream().forEach(k -> rendered.put(k, renderer.render(k.dir())));
        }
        Map<String, List<YamlDocument>> sources = indexByIdentity(docs);
        Set<YamlDocument> used = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> seenRendered = new HashSet<>();
        YamlReader reader = new YamlReader(o.limits(), o.strict());
        for (Kustomization k : roots) {
            String kFile = scanner.relative(k.dir().resolve(fileNameOf(k, byPath)));
            KustomizeRenderer.Result r = rendered.get(k);
            if (r == null || !r.ok()) {
                String why = r == null ? "neither kustomize nor kubectl is installed, so this kustomization was not rendered; "
                        + "install kubectl (or kustomize). Its files were validated one by one instead"
                        : "kustomize build failed: " + r.error();
                List<YamlDocument> kDocs = docs.get(kFile);
                out.reportAt(KustomizeBuild.class, kFile, kDocs == null || kDocs.isEmpty() ? Position.START : kDocs.get(0).map().start(), "", why);
                continue;
            }
            for (Path res : k.resources()) {
                handled.add(res);
            }
            Findings renderFindings = new Findings();
            for (YamlDocument d : reader.read(kFile, r.yaml(), renderFindings)) {
                YamlDocument source = match(d, sources, scanner.relative(k.dir()));
                YamlDocument located;
                if (source != null && source.root().equals(d.root())) {
                    if (!used.add(source)) {
                        continue;
                    }
                    located = source;
                    ResourceExtractor.extract(located, Resource.Origin.FILE, null, out, resources::add);
                    continue;
                }
                if (source != null) {
                    if (!seenRendered.add(source.file() + "#" + source.index() + "#" + d.root().hashCode())) {
                        continue;
                    }
                    located = new YamlDocument(source.file(), source.index(), d.root(), source.map());
                } else {
                    if (!seenRendered.add(kFile + "#" + d.root().hashCode())) {
                        continue;
                    }
                    located = new YamlDocument(kFile, d.index(), d.root(), new SourceMap(Position.START));
                }
                ResourceExtractor.extract(located, Resource.Origin.RENDERED, scanner.relative(k.dir()), out, resources::add);
            }
            out.addAll(renderFindings);
        }
        // Resource files of a kustomization that did not render are validated one by one.
        Set<Path> failedOnly = new HashSet<>();
        for (Kustomization k : roots) {
            KustomizeRenderer.Result r = rendered.get(k);
            if (r == null || !r.ok()) {
                failedOnly.addAll(k.resources());
            }
        }
        failedOnly.forEach(handled::remove);
        return handled;
    }

    private static String fileNameOf(Kustomization k, Map<Path, InputFile> byPath) {
        for (String n : Kustomization.FILE_NAMES) {
            if (byPath.containsKey(k.dir().resolve(n))) {
                return n;
            }
        }
        return "kustomization.yaml";
    }

    private static String identityKey(tools.jackson.databind.JsonNode n) {
        return n.path("apiVersion").asString("") + "|" + n.path("kind").asString("") + "|" + n.path("metadata").path("name").asString("");
    }

    private static Map<String, List<YamlDocument>> indexByIdentity(Map<String, List<YamlDocument>> docs) {
        Map<String, List<YamlDocument>> index = new HashMap<>();
        for (List<YamlDocument> list : docs.values()) {
            for (YamlDocument d : list) {
                if (d.root().isObject() && d.root().has("kind")) {
                    index.computeIfAbsent(identityKey(d.root()), k -> new ArrayList<>()).add(d);
                }
            }
        }
        return index;
    }

    /**
     * The source document a rendered object came from: an identical one, else one with the same
     * identity under the kustomization's own directory, else the first with the same identity.
     */
    private static YamlDocument match(YamlDocument rendered, Map<String, List<YamlDocument>> sources, String kustomizationDir) {
        List<YamlDocument> candidates = sources.get(identityKey(rendered.root()));
        if (candidates == null) {
            return null;
        }
        for (YamlDocument c : candidates) {
            if (c.root().equals(rendered.root())) {
                return c;
            }
        }
        String prefix = ".".equals(kustomizationDir) ? "" : kustomizationDir + "/";
        for (YamlDocument c : candidates) {
            if (c.file().startsWith(prefix)) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /**
     * Resources under a Flux Kustomization's {@code spec.path} whose {@code postBuild} substitutes
     * variables, unless they opt out with {@code kustomize.toolkit.fluxcd.io/substitute: disabled}.
     */
    private static Predicate<Resource> substitutable(Options o, InputScanner scanner, List<Resource> resources) {
        List<String> prefixes = new ArrayList<>();
        for (Resource r : resources) {
            if ("Kustomization".equals(r.kind()) && r.gvk().group().equals("kustomize.toolkit.fluxcd.io")
                    && r.node().path("spec").has("postBuild")) {
                String path = r.node().path("spec").path("path").asString("");
                Path abs = o.root().resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
                String rel = scanner.relative(abs);
                prefixes.add(".".equals(rel) ? "" : rel + "/");
            }
        }
        if (prefixes.isEmpty()) {
            return r -> false;
        }
        return r -> {
            if ("disabled".equals(r.node().path("metadata").path("annotations").path("kustomize.toolkit.fluxcd.io/substitute").asString(""))) {
                return false;
            }
            String file = r.renderedBy() != null ? r.renderedBy() + "/" : r.file();
            return prefixes.stream().anyMatch(file::startsWith);
        };
    }
}
