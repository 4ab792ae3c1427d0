package io.difyops.engine;

import io.difyops.config.Options;
import io.difyops.config.RepoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run loads and what it reports. Inside a difyops repository (its root has
 * {@code .difyops.yaml}) the whole repository is always loaded, so that references resolve, and
 * the paths given only filter which findings and resources are reported; every rule runs. Anywhere
 * else only the paths given are loaded and only the generic rules run (YAML, schema, CEL, metadata),
 * as kubeconform and flux-schema do.
 *
 * @param filters repository-relative paths whose findings are reported; empty: everything
 */
public record Scope(boolean repository, List<Path> loadPaths, List<String> filters) {
    public static Scope of(Options o) {
        Path root = o.root().toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(RepoConfig.FILE_NAME))) {
            return new Scope(false, o.paths(), List.of());
        }
        List<String> filters = new ArrayList<>();
        for (Path p : o.paths()) {
            Path abs = p.toAbsolutePath().normalize();
            if (abs.equals(root) || !abs.startsWith(root)) {
                return new Scope(true, List.of(root), List.of());
            }
            filters.add(root.relativize(abs).toString().replace('\\', '/'));
        }
        return new Scope(true, List.of(root), filters);
    }

    /** Whether a repository-relative file is reported. */
    public boolean reports(String file) {
        if (filters.isEmpty()) {
            return true;
        }
        for (String f : filters) {
            if (file.equals(f) || file.startsWith(f + "/")) {
                return true;
            }
        }
        return false;
    }
}
