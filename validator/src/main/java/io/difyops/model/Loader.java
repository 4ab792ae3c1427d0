package io.difyops.model;

import io.difyops.model.Model;
import io.difyops.config.Options;
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
import io.difyops.diag.Findings;
import io.difyops.kustomize.KustomizeBuild;
import io.difyops.load.NoInput;
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
import tools.jackson.databind.JsonNode;

/**
 * The one loader: files → YAML documents (in parallel) → kustomize renders matched back to their
 * source files → resources (from files, from renders, and patch files as patches). Every command
 * loads the repository through it, for the working tree and for the base commit alike.
 */
public final class Loader {
    /** What loading produced: the model, the scanner that found the files, and the findings made while reading. */
    public record Loaded(Model model, InputScanner scanner, Findings input) {
    }

    /** A path that does not exist or a tree that cannot be read (exit code 2). */
    public static final class LoadException extends Exception {
        public LoadException(String message) {
            super(message);
        }
    }

    private Loader() {
    }

    public static Loaded load(Options o, List<Path> paths) throws LoadException {
        // texts read after the walk, in parallel (the walk itself is one thread)
        Scanned scanned = scan(o, paths, true);
        io.difyops.diag.Timings.mark("load: scan");
        return load(o, scanned);
    }

    /**
     * The files a run reads, as the scanner found them (their texts not read yet when {@code deferred}; see
     * {@link InputScanner#deferReading}), and what the scan reported.
     */
    public record Scanned(InputScanner scanner, List<InputFile> files, Findings input) {
        /** Every file with its text (deferred ones read now, in parallel); what reading reports joins {@link #input}. */
        List<InputFile> read() {
            if (files.stream().allMatch(f -> f.text() != null)) {
                return files;
            }
            List<Findings> each = files.stream().map(f -> new Findings()).toList();
            List<InputFile> read = java.util.stream.IntStream.range(0, files.size()).parallel()
                    .mapToObj(i -> scanner.read(files.get(i), each.get(i))).toList();
            each.forEach(input::addAll);
            return read.stream().filter(java.util.Objects::nonNull).toList();
        }
    }

    /** Finds the input files under {@code paths}, with the scan's findings (and one when there is nothing to read). */
    public static Scanned scan(Options o, List<Path> paths, boolean deferred) throws LoadException {
        Findings input = new Findings();
        InputScanner scanner = new InputScanner(o.root(), o.limits(), o.ignore(), o.upgrade().baseIgnoreFiles());
        if (deferred) {
            scanner.deferReading();
        }
        List<InputFile> files;
        try {
            files = scanner.scan(paths, input);
        } catch (NoSuchFileException e) {
            throw new LoadException("path '" + e.getFile() + "' does not exist");
        } catch (IOException e) {
            throw new LoadException("cannot read input: " + e.getMessage());
        }
        if (files.isEmpty() && input.isEmpty()) {
            String where = paths.isEmpty() ? "." : scanner.relative(paths.get(0));
            input.reportAt(NoInput.class, where, Position.START, "", "no YAML or JSON file found under " + where
                    + " (after .gitignore and ignore: in .difyops.yaml); nothing was validated");
        }
        return new Scanned(scanner, files, input);
    }

    /** Loads what a scan found, reading the files it deferred. */
    public static Loaded load(Options o, Scanned scanned) {
        return load(o, scanned.scanner(), scanned.read(), scanned.input());
    }

    /** Loads files a scanner found and read (see {@link InputScanner#deferReading} for reading in batches). */
    public static Loaded load(Options o, InputScanner scanner, List<InputFile> files, Findings input) {
        // Parse every file (in parallel; each file has its own findings).
        YamlReader reader = new YamlReader(o.limits(), o.strict(), true);
        Map<String, List<YamlDocument>> docs = new ConcurrentHashMap<>();
        Map<String, Findings> parseFindings = new ConcurrentHashMap<>();
        files.parallelStream().forEach(f -> {
            Findings ff = new Findings();
            docs.put(f.relPath(), reader.read(f.relPath(), f.text(), ff));
            parseFindings.put(f.relPath(), ff);
        });
        files.forEach(f -> input.addAll(parseFindings.get(f.relPath())));
        io.difyops.diag.Timings.mark("load: read and parse");
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
        return new Loaded(new Model(o.root(), files, orderedDocs, java.util.Collections.unmodifiableList(resources)), scanner, input);
    }

    /**
     * Renders every kustomization and turns its output into resources. Returns the files whose
     * documents were taken care of here (rendered, patches, generator inputs, kustomization files).
     */
    /** The remote bases a kustomization names, itself or through the local kustomizations it includes. */
    private static List<String> remoteRefs(Kustomization k, Map<Path, Kustomization> byDir) {
        List<String> out = new ArrayList<>();
        reachable(k, byDir).forEach(c -> out.addAll(c.remote()));
        return out;
    }

    /** The kustomization and every local one it includes, transitively (each once). */
    private static List<Kustomization> reachable(Kustomization k, Map<Path, Kustomization> byDir) {
        List<Kustomization> out = new ArrayList<>();
        java.util.Deque<Kustomization> todo = new java.util.ArrayDeque<>(List.of(k));
        Set<Path> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Kustomization c = todo.pop();
            if (!seen.add(c.dir())) {
                continue;
            }
            out.add(c);
            for (Path r : c.resources()) {
                Kustomization inner = byDir.get(r);
                if (inner != null) {
                    todo.push(inner);
                }
            }
        }
        return out;
    }

    /** A file the reader refused that the kustomization reads: in its folder or an included one's, or named by it. */
    private static Optional<Path> refusedInput(Kustomization k, Map<Path, Kustomization> byDir, Set<Path> refused) {
        for (Kustomization c : reachable(k, byDir)) {
            for (Path f : refused) {
                if (f.getParent() != null && f.getParent().equals(c.dir()) || c.resources().contains(f) || c.patches().contains(f)
                        || c.generatorFiles().contains(f)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    private static Set<Path> loadKustomizations(Options o, InputScanner scanner, List<InputFile> files,
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
        // Roots are what Flux would build: a kustomization that another one includes (a base, an
        // environment's values) is rendered as part of it, not on its own.
        Set<Path> included = new HashSet<>();
        kustomizations.forEach(k -> included.addAll(k.resources()));
        List<Kustomization> roots = kustomizations.stream().filter(k -> !k.component() && !included.contains(k.dir())).toList();
        // What an included kustomization (or a component) names is rendered through the root that includes it.
        kustomizations.stream().filter(k -> k.component() || included.contains(k.dir())).forEach(k -> handled.addAll(k.resources()));
        Map<Kustomization, KustomizeRenderer.Result> rendered = new ConcurrentHashMap<>();
        Map<Path, Kustomization> byDir = new HashMap<>();
        kustomizations.forEach(k -> byDir.put(k.dir(), k));
        // Files the reader refused (over a limit, or not YAML): kustomize would choke on them the same way, slowly
        Set<Path> refused = new HashSet<>();
        for (var f : out.list()) {
            if (f.rule().equals("input-limit") || f.rule().equals("yaml-syntax")) {
                refused.add(scanner.root().resolve(f.file()).toAbsolutePath().normalize());
            }
        }
        Map<String, List<YamlDocument>> sources = indexByIdentity(docs);
        // identical documents by content (deep hash), so that matching a render costs one look-up, not a walk
        Map<JsonNode, YamlDocument> identical = new HashMap<>();
        sources.values().forEach(list -> list.forEach(d -> identical.putIfAbsent(d.root(), d)));
        // each render's output parsed, and each of its documents matched to its source, on the thread that rendered
        // it (a fleet's renders hold most of its documents); what depends on order is done after, in order
        YamlReader reader = new YamlReader(o.limits(), o.strict(), true);
        Map<Kustomization, List<Matched>> parsed = new ConcurrentHashMap<>();
        Map<Kustomization, Findings> parsedFindings = new ConcurrentHashMap<>();
        if (renderer != null) {
            io.difyops.kustomize.RenderCache cache = new io.difyops.kustomize.RenderCache(renderer, o.cacheDir());
            roots.parallelStream().forEach(k -> {
                List<String> remote = o.offline() ? remoteRefs(k, byDir) : List.of();
                Optional<Path> bad = refused.isEmpty() ? Optional.empty() : refusedInput(k, byDir, refused);
                rendered.put(k, bad.isPresent()
                        ? new KustomizeRenderer.Result(null, "not rendered: its input " + scanner.relative(bad.get())
                                + " was refused by the reader (see the finding there); fix it first")
                        : remote.isEmpty() ? cache.render(k, reachable(k, byDir))
                        : new KustomizeRenderer.Result(null, "it names remote bases (" + String.join(", ", remote) + "), which an offline "
                                + "run never fetches; vendor them into the repository, or validate with --online"));
                KustomizeRenderer.Result r = rendered.get(k);
                if (r.ok()) {
                    Findings ff = new Findings();
                    long t0 = System.nanoTime();
                    String dir = scanner.relative(k.dir());
                    List<Matched> out1 = new ArrayList<>();
                    for (YamlDocument d : reader.read(scanner.relative(k.dir().resolve(fileNameOf(k, byPath))), r.yaml(), ff)) {
                        YamlDocument same = identical.get(d.root());
                        YamlDocument source = same != null ? same : match(d, sources, dir);
                        boolean equal = same != null || source != null && source.root().equals(d.root());
                        // a render identical to its source is the source: the parsed copy is let go at once
                        out1.add(new Matched(equal ? null : d, source, equal, equal ? 0 : d.root().hashCode()));
                    }
                    parsed.put(k, out1);
                    // parsed: the map lets go of the text (documents that differ from their source hold it, for their
                    // lazy source maps, only until they are placed below)
                    rendered.put(k, new KustomizeRenderer.Result("", null));
                    io.difyops.diag.Timings.add("render: parse and match", System.nanoTime() - t0);
                    parsedFindings.put(k, ff);
                }
            });
        }
        io.difyops.diag.Timings.mark("load: render, parse and match renders");
        Set<YamlDocument> used = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> seenRendered = new HashSet<>();
        for (Kustomization k : roots) {
            String kFile = scanner.relative(k.dir().resolve(fileNameOf(k, byPath)));
            KustomizeRenderer.Result r = rendered.get(k);
            if (r == null || !r.ok()) {
                String why = r == null ? "neither kustomize nor kubectl is installed, so this kustomization was not rendered; "
                        + "install kubectl (or kustomize). Its files were validated one by one instead"
                        : r.error().startsWith("not rendered") ? r.error() : "kustomize build failed: " + r.error();
                List<YamlDocument> kDocs = docs.get(kFile);
                out.reportAt(KustomizeBuild.class, kFile, kDocs == null || kDocs.isEmpty() ? Position.START : kDocs.get(0).map().start(), "", why);
                continue;
            }
            for (Path res : k.resources()) {
                handled.add(res);
            }
            Findings renderFindings = parsedFindings.get(k);
            for (Matched m : parsed.get(k)) {
                YamlDocument d = m.rendered();
                YamlDocument source = m.source();
                YamlDocument located;
                if (m.same()) {
                    if (!used.add(source)) {
                        continue;
                    }
                    located = source;
                    ResourceExtractor.extract(located, Resource.Origin.FILE, null, out, resources::add);
                    continue;
                }
                if (source != null) {
                    if (!seenRendered.add(source.file() + "#" + source.index() + "#" + m.hash())) {
                        continue;
                    }
                    located = new YamlDocument(source.file(), source.index(), d.root(), source.map());
                } else {
                    if (!seenRendered.add(kFile + "#" + m.hash())) {
                        continue;
                    }
                    located = new YamlDocument(kFile, d.index(), d.root(), new SourceMap(Position.START));
                }
                // A patch's object also comes from the file it patches: fields the patch does not set are found there.
                List<YamlDocument> others = new ArrayList<>();
                for (YamlDocument c : sources.getOrDefault(identityKey(d.root()), List.of())) {
                    if (source != null && c != source && !c.file().equals(source.file())) {
                        others.add(c);
                    }
                }
                ResourceExtractor.extract(located, Resource.Origin.RENDERED, scanner.relative(k.dir()), out, made -> {
                    made.layers(others);
                    resources.add(made);
                });
            }
            out.addAll(renderFindings);
        }
        io.difyops.diag.Timings.mark("load: renders to resources");
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
    /** A rendered document, the source document it came from (or null), whether the two are equal, and its content hash. */
    private record Matched(YamlDocument rendered, YamlDocument source, boolean same, int hash) {
    }

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

}
