package io.difyops.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * Whether git ignores a path of the work tree, by the {@code .gitignore} files of the repository
 * root and of the path's folders (git's order: a deeper file, and a later line, wins), with the line
 * that decides it.
 */
public final class GitIgnores {
    /** The {@code .gitignore} line that makes git ignore a path. */
    public record Match(String file, int line, String pattern) {
    }

    private GitIgnores() {
    }

    /** The line that ignores {@code relPath} (a file, relative to {@code root}, with '/'), if it is ignored. */
    public static Optional<Match> ignoring(Path root, String relPath) {
        String[] parts = relPath.split("/");
        Match decided = null;
        boolean ignored = false;
        StringBuilder dir = new StringBuilder();
        for (int depth = 0; depth < parts.length; depth++) {
            String prefix = dir.toString();
            Path gi = root.resolve(prefix).resolve(".gitignore");
            if (Files.isRegularFile(gi)) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(gi, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    lines = List.of();
                }
                String below = relPath.substring(prefix.length());
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    FastIgnoreRule rule = new FastIgnoreRule(l);
                    if (matches(rule, below)) {
                        ignored = rule.getResult();
                        decided = new Match(prefix + ".gitignore", i + 1, l);
                    }
                }
            }
            if (depth < parts.length - 1) {
                dir.append(parts[depth]).append('/');
            }
        }
        return ignored ? Optional.ofNullable(decided) : Optional.empty();
    }

    /** A rule matches the file, or one of the folders it is in (git ignores everything under an ignored folder). */
    private static boolean matches(FastIgnoreRule rule, String path) {
        if (rule.isMatch(path, false)) {
            return true;
        }
        int slash = path.indexOf('/');
        while (slash > 0) {
            if (rule.isMatch(path.substring(0, slash), true)) {
                return true;
            }
            slash = path.indexOf('/', slash + 1);
        }
        return false;
    }
}
