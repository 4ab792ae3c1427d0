package io.difyops.engine;

import io.difyops.load.Limits;
import io.difyops.rules.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a validation run is configured with, after the command line has been merged over
 * {@code .difyops.yaml}.
 *
 * @param severityOverrides rule id to severity; a null value turns the rule off
 */
public record Options(Path root, List<Path> paths, List<String> schemaLocations, boolean offline, boolean strict,
                      List<String> skip, List<String> reject, boolean ignoreMissingSchemas, boolean sops,
                      List<String> ignore, Map<String, Severity> severityOverrides, Path cacheDir, Limits limits,
                      boolean render, List<String> secretsOutsideGit, Upgrade upgrade) {

    /**
     * The upgrade gate's settings: the base to compare with ({@code --base}, else
     * {@code baseBranch}, else origin/main, then main), where the dify chart comes from
     * ({@code --chart-source}, else the HelmRepository's URL), and accepted image mirror prefixes.
     */
    public record Upgrade(String baseRef, String baseBranch, String chartSource, List<String> imageMirrors, String releaseCatalog) {
        public static final Upgrade NONE = new Upgrade(null, null, null, List.of(), null);
    }
}
