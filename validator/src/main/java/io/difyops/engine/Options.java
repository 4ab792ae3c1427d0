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
                      boolean render, List<String> secretsOutsideGit) {
}
