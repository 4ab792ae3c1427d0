package io.difyops.load;

import java.nio.file.Path;

/** A file that was read: its path on disk, its repository-relative name, and its text. */
public record InputFile(Path path, String relPath, String text) {
}
