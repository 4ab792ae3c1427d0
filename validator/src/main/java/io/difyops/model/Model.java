package io.difyops.model;

import io.difyops.load.InputFile;
import io.difyops.load.Resource;
import io.difyops.load.YamlDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository as one run reads it, through the one loader: the files, their documents by
 * file, and every resource (from files, from kustomize renders, and patch files as patches); with
 * typed views of its Dify releases and environments. The base commit is a model of its own.
 */
public final class Model {
    private final Path root;
    private final List<InputFile> files;
    private final Map<String, List<YamlDocument>> documents;
    private final List<Resource> resources;
    // Views computed once per model: rules ask for them inside loops over releases and environments.
    private volatile List<DifyRelease> releases;
    private volatile List<DifyEnvironment> environments;
    private volatile Map<String, List<Resource>> byFileKindName;

    public Model(Path root, List<InputFile> files, Map<String, List<YamlDocument>> documents, List<Resource> resources) {
        this.root = root;
        this.files = files;
        this.documents = documents;
        this.resources = resources;
    }

    public Path root() {
        return root;
    }

    public List<InputFile> files() {
        return files;
    }

    public Map<String, List<YamlDocument>> documents() {
        return documents;
    }

    public List<Resource> resources() {
        return resources;
    }

    public List<DifyRelease> difyReleases() {
        List<DifyRelease> r = releases;
        if (r == null) {
            r = resources.stream().filter(DifyRelease::isDify).map(x -> new DifyRelease(this, x)).toList();
            releases = r;
        }
        return r;
    }

    public List<DifyEnvironment> difyEnvironments() {
        List<DifyEnvironment> e = environments;
        if (e == null) {
            e = resources.stream().filter(DifyEnvironment::is).map(x -> new DifyEnvironment(this, x)).toList();
            environments = e;
        }
        return e;
    }

    private volatile Map<String, DifyRelease> releaseByEnvironment;
    private volatile Map<String, DifyEnvironment> environmentByName;

    /** The release of the environment named (its folder {@code clusters/<env>}); the first, when several share a folder name. */
    public Optional<DifyRelease> release(String environment) {
        Map<String, DifyRelease> m = releaseByEnvironment;
        if (m == null) {
            m = new java.util.HashMap<>();
            for (DifyRelease r : difyReleases()) {
                m.putIfAbsent(r.environment(), r);
            }
            releaseByEnvironment = m;
        }
        return Optional.ofNullable(m.get(environment));
    }

    /** The DifyEnvironment named (the first of that name); looked up by every per-release rule, so indexed once. */
    public Optional<DifyEnvironment> environment(String name) {
        Map<String, DifyEnvironment> m = environmentByName;
        if (m == null) {
            m = new java.util.HashMap<>();
            for (DifyEnvironment e : difyEnvironments()) {
                m.putIfAbsent(e.name(), e);
            }
            environmentByName = m;
        }
        return Optional.ofNullable(m.get(name));
    }

    /** The view of a resource of this model as a Dify release, if it is one. */
    private volatile Map<Resource, DifyRelease> releaseOf;

    /** The release view of a dify HelmRelease: the one {@link #difyReleases()} holds (its values are merged once). */
    public Optional<DifyRelease> asRelease(Resource r) {
        if (!DifyRelease.isDify(r)) {
            return Optional.empty();
        }
        Map<Resource, DifyRelease> m = releaseOf;
        if (m == null) {
            m = new java.util.IdentityHashMap<>();
            for (DifyRelease d : difyReleases()) {
                m.put(d.resource(), d);
            }
            releaseOf = m;
        }
        DifyRelease known = m.get(r);
        return Optional.of(known != null ? known : new DifyRelease(this, r));
    }

    public Optional<DifyEnvironment> asEnvironment(Resource r) {
        return DifyEnvironment.is(r) ? Optional.of(new DifyEnvironment(this, r)) : Optional.empty();
    }

    /** Whether the repository has manifests under a folder ({@code "."} or empty: the root). */
    public boolean hasDirectory(String rel) {
        if (rel.isEmpty() || rel.equals(".")) {
            return true;
        }
        return directories().contains(rel);
    }

    private volatile java.util.Set<String> directories;

    /** Every folder that holds a loaded file, at any depth (once per model: a fleet asks for thousands). */
    private java.util.Set<String> directories() {
        java.util.Set<String> d = directories;
        if (d == null) {
            d = new java.util.HashSet<>();
            for (String f : documents.keySet()) {
                for (int i = f.lastIndexOf('/'); i > 0 && d.add(f.substring(0, i)); i = f.lastIndexOf('/', i - 1)) {
                    // each parent once: stop at the first one already known
                }
            }
            directories = d;
        }
        return d;
    }

    /** The object of the same file, kind and name, if this model has it. */
    public Optional<Resource> find(String file, String kind, String name) {
        Map<String, List<Resource>> index = byFileKindName;
        if (index == null) {
            Map<String, List<Resource>> m = new java.util.HashMap<>();
            for (Resource r : resources) {
                if (r.origin() != Resource.Origin.PATCH) {
                    m.computeIfAbsent(r.file() + "\u0000" + r.kind() + "\u0000" + r.name(), k -> new java.util.ArrayList<>(1)).add(r);
                }
            }
            byFileKindName = index = m;
        }
        List<Resource> hits = index.get(file + "\u0000" + kind + "\u0000" + name);
        return hits == null ? Optional.empty() : Optional.of(hits.get(0));
    }
}
