package io.difyops.load;

import java.nio.file.Path;

/**
 * A file that was read: its path on disk, its repository-relative name, and its text (null when a
 * scan that defers reading found it; {@link InputScanner#read} reads it).
 */
public record InputFile(Path path, String relPath, String text) {
}
