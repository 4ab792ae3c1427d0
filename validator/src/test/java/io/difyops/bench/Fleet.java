package io.difyops.bench;

import io.difyops.environment.NewEnvironment;
import io.difyops.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fleet for the benchmark: a copy of this repository's manifests with {@code N} more environments,
 * each made from staging exactly as {@code difyops env new} makes it (in-process, so that N = 1000 takes
 * seconds to write). Run by {@code validator/bench/compare}: {@code Fleet REPO TARGET N}.
 */
public final class Fleet {
    private Fleet() {
    }

    public static void main(String[] args) throws IOException {
        Path repo = Path.of(args[0]);
        Path target = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        Files.createDirectories(target);
        for (String part : List.of("clusters", "charts-values", "crossplane", "schemas", ".difyops.yaml")) {
            if (Files.exists(repo.resolve(part))) {
                Repo.copy(repo.resolve(part), target.resolve(part));
            }
        }
        for (int i = 1; i <= n; i++) {
            String name = "fleet" + i;
            NewEnvironment.write(target, NewEnvironment.plan(target, new NewEnvironment.Request(name, "staging", "cn-beijing",
                    List.of("cn-beijing-a", "cn-beijing-b"), "difyops-" + name + "-bucket")));
        }
    }
}
