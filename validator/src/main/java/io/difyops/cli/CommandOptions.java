package io.difyops.cli;

import io.difyops.config.Options;
import io.difyops.config.RepoConfig;
import io.difyops.load.Limits;
import io.difyops.schema.SchemaFetcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The options with which the commands other than validate load the repository: the whole of it, as validate does. */
final class CommandOptions {
    private CommandOptions() {
    }

    static Options of(Path root, RepoConfig cfg, boolean offline, String baseRef, String chartSource) {
        return new Options(root, List.of(root), List.of(), offline, cfg.strict() == null || cfg.strict(), List.of(), List.of(), true,
                true, cfg.ignore(), Map.of(), SchemaFetcher.defaultCacheDir(), Limits.DEFAULT, true, cfg.secretsOutsideGit(),
                new Options.Upgrade(baseRef, cfg.baseBranch(), chartSource, cfg.imageMirrors(), cfg.releaseCatalog()),
                new Options.Versions(cfg.fluxVersion(), cfg.kubernetesVersion()), List.of());
    }
}
