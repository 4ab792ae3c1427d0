package io.difyops.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one of the repository's own files (its policy, catalog, locks): only a regular file whose
 * real path lies inside the repository, so that a link committed in a pull request cannot make the
 * gate read, and quote, a file of the machine it runs on.
 */
public final class RepoFile {
    private RepoFile() {
    }

    /** The file's text; an {@link IOException} that names the file (never its content) otherwise. */
    public static String read(Path root, Path file) throws IOException {
        Path real = file.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
            throw new IOException(root.relativize(file.toAbsolutePath().normalize()) + " links outside the repository; it is not read."
                    + " Commit the file itself");
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException(root.relativize(file.toAbsolutePath().normalize()) + " is not a regular file; it is not read");
        }
        if (Files.size(real) > Limits.DEFAULT.maxFileBytes()) {
            throw new IOException(root.relativize(file.toAbsolutePath().normalize()) + " is larger than "
                    + (Limits.DEFAULT.maxFileBytes() >> 20) + " MiB; it is not read");
        }
        return Files.readString(real, StandardCharsets.UTF_8);
    }
}
