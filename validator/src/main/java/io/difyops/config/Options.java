package io.difyops.config;

import io.difyops.load.Limits;
import io.difyops.diag.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a validation run is configured with, after the command line has been merged over
 * {@code .difyops.yaml}.
 *
 * @param severityOverrides rule id to severity; a null value turns the rule off
 * @param skipJsonPaths     {@code KIND:POINTER}: parts of objects the schema does not see (flux-schema's {@code --skip-json-path})
 */
public record Options(Path root, List<Path> paths, List<String> schemaLocations, boolean offline, boolean strict,
                      List<String> skip, List<String> reject, boolean ignoreMissingSchemas, boolean sops,
                      List<String> ignore, Map<String, Severity> severityOverrides, Path cacheDir, Limits limits,
                      boolean render, List<String> secretsOutsideGit, Upgrade upgrade, Versions versions,
                      List<String> skipJsonPaths) {

    /** Where the command line's schema locations end and {@code .difyops.yaml}'s begin: the schema lock goes there. */
    public static final String LOCK_LOCATION = "@schema-lock";

    public Options(Path root, List<Path> paths, List<String> schemaLocations, boolean offline, boolean strict,
                   List<String> skip, List<String> reject, boolean ignoreMissingSchemas, boolean sops,
                   List<String> ignore, Map<String, Severity> severityOverrides, Path cacheDir, Limits limits,
                   boolean render, List<String> secretsOutsideGit, Upgrade upgrade) {
        this(root, paths, schemaLocations, offline, strict, skip, reject, ignoreMissingSchemas, sops, ignore, severityOverrides,
                cacheDir, limits, render, secretsOutsideGit, upgrade, Versions.NONE, List.of());
    }

    /** The same options with other schema locations (in order; {@link #LOCK_LOCATION} marks the schema lock). */
    public Options withSchemaLocations(List<String> locations) {
        return new Options(root, paths, List.copyOf(locations), offline, strict, skip, reject, ignoreMissingSchemas, sops, ignore,
                severityOverrides, cacheDir, limits, render, secretsOutsideGit, upgrade, versions, skipJsonPaths);
    }

    /** The same options for another checkout of the repository (the base commit, written to a folder). */
    public Options at(Path otherRoot) {
        return new Options(otherRoot, List.of(otherRoot), schemaLocations, offline, strict, skip, reject, ignoreMissingSchemas, sops, ignore,
                severityOverrides, cacheDir, limits, render, secretsOutsideGit, upgrade, versions, skipJsonPaths);
    }

    /** The Flux and Kubernetes versions declared in {@code .difyops.yaml} (the schema lock covers them). */
    public record Versions(io.difyops.config.RepoConfig.Declared flux, io.difyops.config.RepoConfig.Declared kubernetes) {
        public static final Versions NONE = new Versions(null, null);
    }

    /**
     * The upgrade gate's settings: the base to compare with ({@code --base}, else
     * {@code baseBranch}, else origin/main, then main), where the dify chart comes from
     * ({@code --chart-source}, else the HelmRepository's URL), and accepted image mirror prefixes.
     * {@code requireBase}: a missing base is an error (in CI, unless {@code --allow-no-base}), not a warning.
     * {@code ci}: the run is CI's ({@code CI=true} or {@code --ci}): what the gate cannot judge is an error.
     * {@code policyChanges}: the policy files ({@code .difyops.yaml}, ignore files) that differ from the base
     * commit's, whose versions the run used instead; {@code allowPolicyChange}: that is allowed.
     */
    public record Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog,
                          boolean requireBase, boolean ci, List<String> policyChanges, boolean allowPolicyChange,
                          Map<String, String> baseIgnoreFiles) {
        public static final Upgrade NONE = new Upgrade(null, null, null, List.of(), null, false, false);

        /**
         * @param baseIgnoreFiles the base commit's {@code .gitignore} files (repository-relative path to text),
         *                        which decide what is scanned in place of the work tree's; null without a base
         */
        public Upgrade {
        }

        public Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog,
                       boolean requireBase, boolean ci, List<String> policyChanges, boolean allowPolicyChange) {
            this(baseRef, baseBranch, chartSource, imageMirrors, releaseCatalog, requireBase, ci, policyChanges, allowPolicyChange, null);
        }

        public Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog,
                       boolean requireBase, boolean ci) {
            this(baseRef, baseBranch, chartSource, imageMirrors, releaseCatalog, requireBase, ci, List.of(), false);
        }

        public Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog) {
            this(baseRef, baseBranch, chartSource, imageMirrors, releaseCatalog, false, false);
        }

        public Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog,
                       boolean requireBase) {
            this(baseRef, baseBranch, chartSource, imageMirrors, releaseCatalog, requireBase, false);
        }
    }
}
