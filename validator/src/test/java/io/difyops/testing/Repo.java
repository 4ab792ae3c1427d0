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

    /**
     * A git repository (jgit) at {@code target} holding this repository's manifests (clusters/, charts-values/,
     * crossplane/, schemas/) and its policy with {@code morePolicy} appended, committed on {@code main}.
     */
    public static org.eclipse.jgit.api.Git gitCopy(Path target, String morePolicy) throws Exception {
        for (String dir : List.of("clusters", "charts-values", "crossplane", "schemas")) {
            copy(root().resolve(dir), target.resolve(dir));
        }
        Files.writeString(target.resolve(".difyops.yaml"), Files.readString(root().resolve(".difyops.yaml")) + morePolicy);
        org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(target.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("the repository as it is").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .setSign(false).call();
        return git;
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

    /**
     * A copy of this repository's manifests (clusters/, charts-values/, crossplane/ and
     * .difyops.yaml, as a git work tree) with the first {@code from} in {@code file} replaced.
     */
    public static Path brokenCopy(Path target, String file, String from, String to) throws IOException {
        Files.createDirectories(target.resolve(".git"));
        for (String dir : List.of("clusters", "charts-values", "crossplane")) {
            copy(root().resolve(dir), target.resolve(dir));
        }
        Files.copy(root().resolve(".difyops.yaml"), target.resolve(".difyops.yaml"));
        if (Files.isDirectory(root().resolve("schemas"))) {
            copy(root().resolve("schemas"), target.resolve("schemas"));
        }
        Path f = target.resolve(file);
        String text = Files.readString(f);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(file + " does not contain " + from);
        }
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return target;
    }

    /** The 1-based line of the first line of {@code file} that contains {@code text}. */
    public static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text + " is not in " + file);
    }
}
