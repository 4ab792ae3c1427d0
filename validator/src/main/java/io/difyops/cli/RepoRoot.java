package io.difyops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest directory with {@code .git} above the first path, else that path's directory. */
final class RepoRoot {
    private RepoRoot() {
    }

    static Path find(Path start) {
        Path abs = start.toAbsolutePath().normalize();
        Path dir = Files.isDirectory(abs) ? abs : abs.getParent();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return dir;
    }
}
