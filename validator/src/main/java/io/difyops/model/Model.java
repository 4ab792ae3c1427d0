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
public record Model(Path root, List<InputFile> files, Map<String, List<YamlDocument>> documents, List<Resource> resources) {

    public List<DifyRelease> difyReleases() {
        return resources.stream().filter(DifyRelease::isDify).map(r -> new DifyRelease(this, r)).toList();
    }

    public List<DifyEnvironment> difyEnvironments() {
        return resources.stream().filter(DifyEnvironment::is).map(r -> new DifyEnvironment(this, r)).toList();
    }

    /** The release of the environment named (its folder {@code clusters/<env>}). */
    public Optional<DifyRelease> release(String environment) {
        return difyReleases().stream().filter(r -> r.environment().equals(environment)).findFirst();
    }

    public Optional<DifyEnvironment> environment(String name) {
        return difyEnvironments().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The view of a resource of this model as a Dify release, if it is one. */
    public Optional<DifyRelease> asRelease(Resource r) {
        return DifyRelease.isDify(r) ? Optional.of(new DifyRelease(this, r)) : Optional.empty();
    }

    public Optional<DifyEnvironment> asEnvironment(Resource r) {
        return DifyEnvironment.is(r) ? Optional.of(new DifyEnvironment(this, r)) : Optional.empty();
    }

    /** Whether the repository has manifests under a folder ({@code "."} or empty: the root). */
    public boolean hasDirectory(String rel) {
        if (rel.isEmpty() || rel.equals(".")) {
            return true;
        }
        return documents.keySet().stream().anyMatch(f -> f.startsWith(rel + "/"));
    }

    /** The object of the same file, kind and name, if this model has it. */
    public Optional<Resource> find(String file, String kind, String name) {
        return resources.stream().filter(r -> r.origin() != Resource.Origin.PATCH && r.file().equals(file) && r.kind().equals(kind)
                && r.name().equals(name)).findFirst();
    }
}
