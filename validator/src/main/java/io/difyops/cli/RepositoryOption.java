package io.difyops.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -C/--repository DIR}, shared by the commands that work on one repository (a picocli mixin). */
final class RepositoryOption {
    @Option(names = {"-C", "--repository"}, paramLabel = "DIR", defaultValue = ".", description = "the repository (default: .)")
    Path repository;

    /** The repository root the option names (see {@link RepoRoot}). */
    Path root() {
        return RepoRoot.find(repository);
    }
}
