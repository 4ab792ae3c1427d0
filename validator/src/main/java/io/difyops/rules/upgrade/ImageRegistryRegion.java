package io.difyops.rules.upgrade;

import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartValues;
import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.model.DifyRelease;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "image-registry-region", severity = Severity.ERROR,
        summary = "An environment in mainland China pulls an image from a registry it cannot reach, or from one that needs credentials it lacks.",
        explanation = """
                Docker Hub, gcr.io, ghcr.io, quay.io, registry.k8s.io and downloads.unstructured.io are not
                reliably reachable from Alibaba Cloud's mainland regions (every `cn-*` region but
                `cn-hongkong`): pods stay in ImagePullBackOff, and plugin installs fail when the build
                images (kaniko, busybox, aws-cli) or the plugin build base images cannot be pulled, or pip
                cannot reach PyPI.

                For a release whose DifyEnvironment is in a mainland region, every image it runs, the
                chart's defaults included, must come from a registry reachable there: Alibaba Cloud
                Container Registry (`*.aliyuncs.com`), the chart's documented mirror
                `g-hsod9681-docker.pkg.coding.net/dify-artifact/dify/<name>` (it flattens paths: the last
                segment of the image's path, never the whole path), or a prefix in `imageMirrors:` of
                `.difyops.yaml`. The same holds for the plugin build base images in
                `plugin_connector.generatorConf`, whose `pipMirror` must be set (for example
                `https://mirrors.aliyun.com/pypi/simple/`). An image from a Container Registry that is not
                the chart's public mirror needs pull credentials: `imagePullSecrets` must name a Secret.
                """)
public final class ImageRegistryRegion implements RepositoryRule {
    static final String MIRROR = ImageRepository.CHART_MIRROR;

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<Resource> env = DifyReleases.environment(ctx, hr);
            String region = env.map(e -> e.node().at("/spec/region").asString("")).orElse("");
            if (!mainland(region)) {
                continue;
            }
            Optional<ChartLock> lock = DifyReleases.pinnedLock(ctx, hr);
            JsonNode merged = DifyReleases.mergedValues(ctx, hr);
            Map<String, Where> written = new LinkedHashMap<>();
            for (DifyRelease.ValuesFile f : DifyReleases.valuesFiles(ctx, hr)) {
                for (ImageSettings.Setting s : ImageSettings.of(f)) {
                    written.put(s.image().path(), new Where(f, s.repositoryPointer()));
                }
            }
            Map<String, ChartValues.Image> effective = new LinkedHashMap<>();
            lock.ifPresent(l -> effective.putAll(l.images()));
            effective.putAll(ChartValues.images(merged));
            boolean needsCredentials = false;
            String credentialsFor = "";
            for (ChartValues.Image image : effective.values()) {
                String component = image.path().split("\\.")[0];
                if (merged.path(component).path("enabled").isBoolean() && !merged.path(component).path("enabled").asBoolean()) {
                    continue;   // a bundled component that is off (postgresql, redis, qdrant, ...) runs no image
                }
                String host = ChartValues.registryOf(image.repository());
                if (!reachable(host, ctx)) {
                    String name = ChartValues.pathOf(image.repository());
                    name = name.substring(name.lastIndexOf('/') + 1);
                    String message = image.path() + " pulls " + image.reference() + " from " + host + ", which " + region + " (mainland China) "
                            + "cannot reach reliably; use the mirror " + MIRROR + name + (image.tag() == null ? "" : ":" + image.tag())
                            + " (or an imageMirrors prefix)";
                    report(out, hr, written.get(image.path()), image.path(), message);
                } else if (host.endsWith(".aliyuncs.com") && !image.repository().startsWith(MIRROR)) {
                    needsCredentials = true;
                    credentialsFor = host;
                }
            }
            generator(out, hr, env.get().name(), region, merged.path("plugin_connector").path("generatorConf"), ctx);
            if (needsCredentials && merged.path("imagePullSecrets").isEmpty()) {
                out.report(ImageRegistryRegion.class, hr, "/spec/valuesFrom", "images come from " + credentialsFor + ", a Container Registry "
                        + "that needs pull credentials, but imagePullSecrets is empty; name a docker-registry Secret of dify-system "
                        + "(imagePullSecrets: [{name: ...}])");
            }
        }
    }

    private record Where(DifyRelease.ValuesFile file, String pointer) {
    }

    private static void report(Findings out, Resource hr, Where where, String path, String message) {
        if (where != null) {
            out.report(ImageRegistryRegion.class, where.file().doc(), where.pointer(), message);
        } else {
            out.report(ImageRegistryRegion.class, hr, "/spec/chart/spec/version", message + "; " + path + " is the chart's default here: "
                    + "set it in the environment's values");
        }
    }

    /** The plugin build base images and the pip mirror of plugin_connector.generatorConf (the chart's default when unset). */
    private static void generator(Findings out, Resource hr, String env, String region, JsonNode conf, RuleContext ctx) {
        if (!conf.isString() || conf.asString("").isBlank()) {
            out.report(ImageRegistryRegion.class, hr, "/spec/chart/spec/version", "plugin_connector.generatorConf is the chart's default, "
                    + "which builds plugins on docker.io/langgenius/plugin-build-base-python with no pip mirror, unreachable from "
                    + region + "; set it with base images from " + MIRROR + "plugin-build-base-python and a pipMirror");
            return;
        }
        Object parsed;
        try {
            parsed = new Load(LoadSettings.builder().setMaxAliasesForCollections(50).setCodePointLimit(1 << 20)
                    .setBufferSize(conf.asString("").length() + 1).build()).loadFromString(conf.asString(""));
        } catch (RuntimeException e) {
            // where it fails, never what: a values string may hold anything
            String where = e instanceof org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException m && m.getProblemMark().isPresent()
                    ? " at its line " + (m.getProblemMark().get().getLine() + 1) : "";
            out.report(ImageRegistryRegion.class, hr, "/spec/valuesFrom", "plugin_connector.generatorConf of " + env
                    + " is not YAML" + where + "; fix its syntax");
            return;
        }
        Map<?, ?> python = map(map(parsed).get("generator")).isEmpty() ? Map.of() : map(map(map(parsed).get("generator")).get("python"));
        Object pip = python.get("pipMirror");
        if (!(pip instanceof String s) || s.isBlank() || !reachable(hostOfUrl(s), ctx)) {
            out.report(ImageRegistryRegion.class, hr, "/spec/valuesFrom", "plugin_connector.generatorConf sets no reachable pipMirror ("
                    + pip + "); plugin builds in " + region + " need one, for example https://mirrors.aliyun.com/pypi/simple/");
        }
        for (Object versions : map(python.get("versions")).values()) {
            for (Object image : map(versions).values()) {
                String ref = String.valueOf(image);
                String host = ChartValues.registryOf(ChartValues.splitReference(ref)[0]);
                if (!reachable(host, ctx)) {
                    out.report(ImageRegistryRegion.class, hr, "/spec/valuesFrom", "plugin_connector.generatorConf builds on " + ref + " from "
                            + host + ", unreachable from " + region + "; use " + MIRROR + ref.substring(ref.lastIndexOf('/') + 1));
                }
            }
        }
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    static boolean mainland(String region) {
        return region.startsWith("cn-") && !region.equals("cn-hongkong");
    }

    private static String hostOfUrl(String url) {
        String s = url.replaceFirst("^[a-z]+://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    static boolean reachable(String host, RuleContext ctx) {
        if (host.endsWith(".aliyuncs.com") || host.endsWith(".aliyun.com") || host.endsWith(".pkg.coding.net")) {
            return true;
        }
        List<String> mirrors = ctx.options().upgrade().imageMirrors();
        return mirrors.stream().anyMatch(m -> ChartValues.registryOf(m + "/x").equals(host));
    }
}
