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

    /** The base of the change (diff, review), or a usage error that says why there is none. */
    static io.difyops.model.Base base(Options o, io.difyops.model.Model now, RepoConfig cfg) throws io.difyops.engine.UsageException {
        java.util.Optional<io.difyops.model.Base> b = io.difyops.engine.Validator.base(o, now);
        if (b.isEmpty()) {
            String why = io.difyops.git.BaseRevision.whyNone(o.root(), cfg.baseBranch());
            throw new IllegalArgumentException("no base to compare with" + (why == null ? ": not a git repository" : ": " + why) + "; pass --base");
        }
        return b.get();
    }

    /** Offline options whose schemas are the schema lock, then the policy's locations (render, review). */
    static Options locked(Path root, RepoConfig cfg, String baseRef) {
        List<String> locations = new java.util.ArrayList<>();
        locations.add(Options.LOCK_LOCATION);
        locations.addAll(cfg.schemaLocations());
        return of(root, cfg, true, baseRef, null).withSchemaLocations(locations);
    }

    static Options of(Path root, RepoConfig cfg, boolean offline, String baseRef, String chartSource) {
        return new Options(root, List.of(root), List.of(), offline, cfg.strict() == null || cfg.strict(), List.of(), List.of(), true,
                true, cfg.ignore(), Map.of(), SchemaFetcher.defaultCacheDir(), Limits.DEFAULT, true, cfg.secretsOutsideGit(),
                new Options.Upgrade(baseRef, cfg.baseBranch(), chartSource, cfg.imageMirrors(), cfg.releaseCatalog()),
                new Options.Versions(cfg.fluxVersion(), cfg.kubernetesVersion()), List.of());
    }
}
