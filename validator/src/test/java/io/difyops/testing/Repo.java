package io.difyops.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** This repository's own files (clusters/, charts-values/, crossplane/), read by the tests that check them. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("difyops")) && Files.isDirectory(p.resolve("validator"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the difyops repository");
    }

    /** The --schema-location arguments for every reference CRD folder (current sets first) and the core schemas. */
    public static List<String> referenceLocations() throws IOException {
        Path crds = Shared.reference("crds");
        List<String> args = new ArrayList<>();
        try (Stream<Path> s = Files.list(crds)) {
            for (Path d : s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
                args.add("--schema-location");
                args.add(d.toString());
            }
        }
        args.add("--schema-location");
        args.add(Shared.reference("k8s-schemas/yannh-master-standalone-strict").toString());
        return args;
    }

    /** Copies a folder of this repository into {@code target} (for broken copies). */
    public static void copy(Path from, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
