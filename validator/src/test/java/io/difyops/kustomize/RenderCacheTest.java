package io.difyops.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.difyops.load.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders cached on disk by the bytes of every input (issue 14), with real kubectl. */
class RenderCacheTest {
    @TempDir
    Path tmp;

    private static long entries(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).count();
        }
    }

    private static Kustomization read(Path dir) throws Exception {
        Path f = dir.resolve("kustomization.yaml");
        return Kustomization.of(f, Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                        .loadFromString(Files.readString(f)))));
    }

    @Test
    void anUnchangedKustomizationIsRenderedOnceAndAnyChangedInputRendersAgain() throws Exception {
        KustomizeRenderer renderer = KustomizeRenderer.find();
        assumeTrue(renderer != null, "neither kustomize nor kubectl is installed; skipped");
        Path base = Files.createDirectories(tmp.resolve("repo/base"));
        Path env = Files.createDirectories(tmp.resolve("repo/env"));
        Files.writeString(base.resolve("kustomization.yaml"), "resources:\n  - cm.yaml\n");
        Files.writeString(base.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"1\"\n");
        Files.writeString(env.resolve("kustomization.yaml"), "resources:\n  - ../base\nnamePrefix: env-\n");
        Path cacheDir = tmp.resolve("cache");
        RenderCache cache = new RenderCache(renderer, cacheDir);
        Kustomization k = read(env);
        List<Kustomization> reachable = List.of(k, read(base));

        KustomizeRenderer.Result first = cache.render(k, reachable);
        assertThat(first.ok()).as(first.error()).isTrue();
        assertThat(first.yaml()).contains("name: env-c");
        assertThat(entries(cacheDir.resolve("renders"))).isEqualTo(1);
        String key = cache.key(k, reachable);
        assertThat(cache.render(k, reachable).yaml()).isEqualTo(first.yaml());
        assertThat(entries(cacheDir.resolve("renders"))).isEqualTo(1);

        // a byte changed in a file of an included folder: the next run (a new cache: one serves one run, its
        // files unchanged under it) computes another key, and renders again
        Files.writeString(base.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"2\"\n");
        assertThat(cache.key(k, reachable)).as("within a run, a file is read once").isEqualTo(key);
        cache = new RenderCache(renderer, cacheDir);
        assertThat(cache.key(k, reachable)).isNotEqualTo(key);
        assertThat(cache.render(k, reachable).yaml()).contains("a: \"2\"");
        assertThat(entries(cacheDir.resolve("renders"))).isEqualTo(2);

        // the same tree elsewhere (the base of a change, checked out in a temporary folder): the same key, no render
        Path moved = tmp.resolve("checkout");
        for (String f : List.of("base/kustomization.yaml", "base/cm.yaml", "env/kustomization.yaml")) {
            Files.createDirectories(moved.resolve(f).getParent());
            Files.copy(tmp.resolve("repo").resolve(f), moved.resolve(f));
        }
        Kustomization elsewhere = read(moved.resolve("env"));
        assertThat(cache.key(elsewhere, List.of(elsewhere, read(moved.resolve("base"))))).isEqualTo(cache.key(k, reachable));
        assertThat(cache.render(elsewhere, List.of(elsewhere, read(moved.resolve("base")))).yaml()).contains("a: \"2\"");
        assertThat(entries(cacheDir.resolve("renders"))).isEqualTo(2);

        // what a URL serves can change: a kustomization with a remote base is never cached
        Kustomization remote = new Kustomization(env, false, List.of(), List.of(), List.of(), List.of("https://example.invalid/x.yaml"));
        cache.render(remote, List.of(remote));
        assertThat(entries(cacheDir.resolve("renders"))).isEqualTo(2);
    }
}
