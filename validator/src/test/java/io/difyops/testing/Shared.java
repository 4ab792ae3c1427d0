package io.difyops.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public reference data in {@code ../shared/reference} beside the repository. It is never
 * copied into the project; tests that need it skip, with this reason, where it is absent.
 */
public final class Shared {
    private static final Path REFERENCE = locate();

    private Shared() {
    }

    /** Only {@code <repository root>/../shared}: a folder named shared elsewhere up the tree is never used. */
    private static Path locate() {
        Path candidate = Repo.root().resolveSibling("shared").resolve("reference");
        return Files.isDirectory(candidate) ? candidate.normalize() : null;
    }

    /** {@code ../shared/reference/<rel>}; skips the calling test when it is absent. */
    public static Path reference(String rel) {
        assumeTrue(REFERENCE != null, "../shared/reference is absent (a fresh clone without the shared reference data): "
                + "this test needs the upstream files there and is skipped");
        Path p = REFERENCE.resolve(rel);
        assumeTrue(Files.exists(p), "../shared/reference/" + rel + " is absent; skipped");
        return p;
    }

    public static boolean present() {
        return REFERENCE != null;
    }
}
