package io.difyops.schemalock;

import io.difyops.net.Http;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The two ways to read sources, for the command line: upstream, or local folders. */
public final class SourceReaders {
    /** A reader ready to use (the folder index is built when made). */
    public record Reader(SourceReader reader) {
    }

    private SourceReaders() {
    }

    public static Reader upstream(Http http, Map<String, String> urls, Map<String, String> registries) {
        return new Reader(new UpstreamReader(http, urls, registries));
    }

    public static Reader folders(List<Path> dirs) throws java.io.IOException {
        try {
            return new Reader(new FolderReader(dirs));
        } catch (LockException e) {
            throw new java.io.IOException(e.getMessage());
        }
    }
}
