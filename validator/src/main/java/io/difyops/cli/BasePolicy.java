package io.difyops.cli;

import io.difyops.config.RepoConfig;
import io.difyops.git.BaseCache;
import io.difyops.git.BaseRevision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The gate's policy as the base commit has it: its {@code .difyops.yaml}, and which policy files (that
 * one and every {@code .gitignore}) the change under review edits. The base is found without the
 * change's own settings: {@code --base}, else the pull request's base branch in CI
 * ({@code GITHUB_BASE_REF}), else origin/main or main, and then the base's own {@code baseBranch}.
 */
record BasePolicy(RepoConfig config, List<String> changes, Map<String, String> ignoreFiles) {

    /** The base's policy, or null when there is no base or it has no {@code .difyops.yaml}. */
    static BasePolicy of(Path root, String baseRef, Path cacheDir) throws RepoConfig.ConfigException {
        String ref = baseRef;
        if (ref == null) {
            String gh = System.getenv("GITHUB_BASE_REF");
            ref = gh == null || gh.isBlank() ? null : "origin/" + gh;
        }
        try {
            io.difyops.diag.Timings.mark("policy: begin");
            Optional<Path> key = BaseCache.key(root, ref, null, cacheDir);
            Optional<BaseCache.Entry> known = key.flatMap(BaseCache::read).filter(e -> e.ignores() != null);
            Optional<String> text;
            Map<String, String> baseIgnores = new TreeMap<>();
            if (known.isPresent()) {
                text = Optional.ofNullable(known.get().policy());
                baseIgnores.putAll(known.get().ignores());
            } else {
                Optional<BaseRevision> rev = BaseRevision.open(root, ref, null);
                io.difyops.diag.Timings.mark("policy: git open");
                if (rev.isEmpty()) {
                    return null;
                }
                try (BaseRevision r = rev.get()) {
                    text = r.read(RepoConfig.FILE_NAME);
                    for (String f : r.files()) {
                        boolean scanned = java.util.Arrays.stream(f.split("/")).noneMatch(io.difyops.load.SkippedFolders.NAMES::contains);
                        if (scanned && (f.equals(".gitignore") || f.endsWith("/.gitignore"))) {
                            r.read(f).ifPresent(t -> baseIgnores.put(f, t));
                        }
                    }
                    if (key.isPresent()) {
                        Optional<String> policy = text;
                        BaseCache.record(key.get(), r, n -> {
                            n.put("policy", policy.orElse(null));
                            var ig = n.putObject("ignores");
                            baseIgnores.forEach(ig::put);
                        });
                    }
                }
            }
            io.difyops.diag.Timings.mark("policy: base files");
            if (text.isEmpty()) {
                return null;
            }
            RepoConfig config = RepoConfig.parse(text.get());
            List<String> changes = new ArrayList<>();
            Path own = root.resolve(RepoConfig.FILE_NAME);
            String ownText = Files.isRegularFile(own) ? Files.readString(own, StandardCharsets.UTF_8) : "";
            if (!ownText.equals(text.get())) {
                changes.add(RepoConfig.FILE_NAME);
            }
            Map<String, String> ownIgnores = ignores(root);
            for (String f : new java.util.TreeSet<>(union(baseIgnores.keySet(), ownIgnores.keySet()))) {
                if (!java.util.Objects.equals(baseIgnores.get(f), ownIgnores.get(f))) {
                    changes.add(f);
                }
            }
            return new BasePolicy(config, changes, baseIgnores);
        } catch (BaseRevision.BaseException | IOException e) {
            return null;   // no usable base: the run says so (base-missing) and uses the working tree's policy
        }
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** The work tree's .gitignore files, in the folders a scan enters (never .git, target/ and the like). */
    private static Map<String, String> ignores(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                return !dir.equals(root) && io.difyops.load.SkippedFolders.NAMES.contains(dir.getFileName().toString())
                        ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                if (a.isRegularFile() && file.getFileName().toString().equals(".gitignore")) {
                    out.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return out;
    }
}
