package io.difyops.kustomize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code kustomization.yaml} names: resource files it renders, patch files, generator input
 * files (such as Helm values for a {@code configMapGenerator}), and whether it is a Component.
 */
public record Kustomization(Path dir, boolean component, List<Path> resources, List<Path> patches, List<Path> generatorFiles,
                            List<String> remote, List<Path> otherInputs) {
    /** Without other inputs (plugin configurations and the like). */
    public Kustomization(Path dir, boolean component, List<Path> resources, List<Path> patches, List<Path> generatorFiles,
                         List<String> remote) {
        this(dir, component, resources, patches, generatorFiles, remote, List.of());
    }

    public static final Set<String> FILE_NAMES = Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    public static boolean isKustomizationFile(Path p) {
        return FILE_NAMES.contains(p.getFileName().toString());
    }

    /** Reads the lists a kustomization file names; paths are resolved against its directory. */
    public static Kustomization of(Path file, JsonNode doc) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        boolean component = "Component".equals(doc.path("kind").asString(""));
        List<Path> resources = new ArrayList<>();
        List<Path> patches = new ArrayList<>();
        List<Path> generators = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String key : List.of("resources", "bases", "crds", "components")) {
            for (JsonNode r : doc.path(key)) {
                local(dir, r.asString("")).ifPresentOrElse(resources::add, () -> {
                    if (!r.asString("").isBlank()) {
                        remote.add(r.asString(""));
                    }
                });
            }
        }
        for (JsonNode p : doc.path("patchesStrategicMerge")) {
            if (p.isString() && !p.asString("").contains("\n")) {
                local(dir, p.asString("")).ifPresent(patches::add);
            }
        }
        for (String key : List.of("patches", "patchesJson6902")) {
            for (JsonNode p : doc.path(key)) {
                local(dir, p.path("path").asString("")).ifPresent(patches::add);
            }
        }
        for (JsonNode r : doc.path("replacements")) {
            local(dir, r.path("path").asString("")).ifPresent(patches::add);
        }
        for (String key : List.of("configMapGenerator", "secretGenerator")) {
            for (JsonNode g : doc.path(key)) {
                for (JsonNode f : g.path("files")) {
                    String s = f.asString("");
                    int eq = s.indexOf('=');
                    local(dir, eq >= 0 ? s.substring(eq + 1) : s).ifPresent(generators::add);
                }
                for (JsonNode f : g.path("envs")) {
                    local(dir, f.asString("")).ifPresent(generators::add);
                }
                local(dir, g.path("env").asString("")).ifPresent(generators::add);
            }
        }
        for (JsonNode h : doc.path("helmCharts")) {
            local(dir, h.path("valuesFile").asString("")).ifPresent(generators::add);
        }
        // other files kustomize reads: transformer, generator and validator configurations, openapi schemas
        List<Path> other = new ArrayList<>();
        for (String key : List.of("transformers", "generators", "validators", "configurations")) {
            for (JsonNode t : doc.path(key)) {
                if (t.isString()) {
                    local(dir, t.asString("")).ifPresent(other::add);
                }
            }
        }
        local(dir, doc.path("openapi").path("path").asString("")).ifPresent(other::add);
        return new Kustomization(dir, component, resources, patches, generators, remote, other);
    }

    private static java.util.Optional<Path> local(Path dir, String ref) {
        if (ref == null || ref.isBlank() || ref.contains("://") || ref.startsWith("github.com/") || ref.contains("?ref=")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(dir.resolve(ref).normalize());
    }
}
