package io.difyops.load;

import java.util.Set;

/**
 * Folders a scan never enters: a repository's metadata and build output. Its own small class, so that
 * the run cache's start-up path can ask without loading the scanner (and JGit's ignore rules behind it).
 */
public final class SkippedFolders {
    public static final Set<String> NAMES = Set.of(".git", "target", "node_modules", ".idea", ".mvn");

    private SkippedFolders() {
    }
}
