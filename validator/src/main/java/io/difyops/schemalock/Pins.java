package io.difyops.schemalock;

import io.difyops.config.RepoConfig;
import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds what the repository installs, in its objects: Crossplane packages ({@code Provider},
 * {@code Function}, {@code Configuration} with {@code spec.package}), Flux HelmReleases of charts
 * other than dify (the dify chart has its own lock, {@code charts-values/locks/}), the Kubernetes
 * version of every {@code DifyEnvironment}, and the Flux and Kubernetes versions declared in
 * {@code .difyops.yaml} ({@code fluxVersion}, {@code kubernetesVersion}).
 */
public final class Pins {
    private static final Pattern K8S_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    private Pins() {
    }

    public static List<Pin> find(List<Resource> resources, RepoConfig.Declared flux, RepoConfig.Declared kubernetes) {
        List<Pin> out = new ArrayList<>();
        List<Resource> objects = resources.stream().filter(r -> r.origin() != Resource.Origin.PATCH).toList();
        Map<String, Pin> seen = new LinkedHashMap<>();
        for (Resource r : objects) {
            Pin p = packagePin(r);
            if (p == null) {
                p = chartPin(r, objects);
            }
            if (p != null) {
                seen.putIfAbsent(p.key(), p);
            }
        }
        out.addAll(seen.values());
        if (flux != null && flux.value() != null) {
            out.add(new Pin(Pin.Type.FLUX, "flux", withV(flux.value()), "", List.of(), ".difyops.yaml", flux.position(),
                    "/fluxVersion", "", ""));
        }
        List<String> coreKinds = coreKinds(objects);
        Map<String, Pin> k8s = new LinkedHashMap<>();
        if (kubernetes != null && kubernetes.value() != null) {
            String v = normalizeKubernetes(kubernetes.value());
            k8s.put(v, new Pin(Pin.Type.KUBERNETES, "kubernetes", v, "", coreKinds, ".difyops.yaml", kubernetes.position(),
                    "/kubernetesVersion", "", ""));
        }
        for (Resource r : objects) {
            if ("DifyEnvironment".equals(r.kind())) {
                String raw = r.node().path("spec").path("kubernetes").path("version").asString("");
                if (!raw.isEmpty()) {
                    String v = normalizeKubernetes(raw);
                    k8s.putIfAbsent(v, new Pin(Pin.Type.KUBERNETES, "kubernetes", v, "", coreKinds, r.file(),
                            r.positionOf("/spec/kubernetes/version"), r.absolutePointer("/spec/kubernetes/version"), r.identity(), ""));
                }
            }
        }
        out.addAll(k8s.values());
        return out;
    }

    /** {@code 1.33.3-aliyun.1} → {@code v1.33.3}: the upstream Kubernetes release whose API it serves. */
    public static String normalizeKubernetes(String v) {
        Matcher m = K8S_VERSION.matcher(v.trim());
        if (!m.matches()) {
            return v.trim();
        }
        return "v" + m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
    }

    /** Core Kubernetes kinds (no group, or a built-in group) used by the repository's objects. */
    static List<String> coreKinds(List<Resource> objects) {
        TreeSet<String> kinds = new TreeSet<>();
        for (Resource r : objects) {
            if (isCoreGroup(r.gvk().group()) && !r.kind().isEmpty()) {
                kinds.add(r.gvk().apiVersion() + "/" + r.kind());
            }
        }
        return List.copyOf(kinds);
    }

    /** The API groups the Kubernetes release itself serves: the core group, dot-less groups, and {@code *.k8s.io}. */
    public static boolean isCoreGroup(String group) {
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    static Gvk gvkOf(String apiVersionKind) {
        int slash = apiVersionKind.lastIndexOf('/');
        return Gvk.of(apiVersionKind.substring(0, slash), apiVersionKind.substring(slash + 1));
    }

    private static Pin packagePin(Resource r) {
        if (!r.gvk().group().equals("pkg.crossplane.io")
                || !List.of("Provider", "Function", "Configuration").contains(r.kind())) {
            return null;
        }
        String ref = r.node().path("spec").path("package").asString("");
        if (ref.isEmpty()) {
            return null;
        }
        String[] parsed = splitReference(ref);
        return new Pin(Pin.Type.PACKAGE, parsed[0], parsed[1], "", List.of(), r.file(), r.positionOf("/spec/package"),
                r.absolutePointer("/spec/package"), r.identity(), "");
    }

    /** {@code host/path:tag} → {name, tag}; a digest ({@code @sha256:…}) is the version; no tag is {@code latest}. */
    public static String[] splitReference(String ref) {
        int at = ref.indexOf('@');
        if (at >= 0) {
            return new String[] {ref.substring(0, at), ref.substring(at + 1)};
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
        }
        return new String[] {ref, "latest"};
    }

    private static Pin chartPin(Resource r, List<Resource> objects) {
        if (!r.gvk().group().equals("helm.toolkit.fluxcd.io") || !"HelmRelease".equals(r.kind())) {
            return null;
        }
        JsonNode spec = r.node().path("spec").path("chart").path("spec");
        String chart = spec.path("chart").asString("");
        String version = spec.path("version").asString("");
        if (chart.isEmpty() || "dify".equals(chart) || version.isEmpty()) {
            return null;
        }
        String sourceKind = spec.path("sourceRef").path("kind").asString("");
        String sourceName = spec.path("sourceRef").path("name").asString("");
        String sourceNs = spec.path("sourceRef").path("namespace").asString(r.namespace());
        String source = "";
        for (Resource s : objects) {
            if (s.kind().equals(sourceKind) && s.name().equals(sourceName) && s.gvk().group().equals("source.toolkit.fluxcd.io")
                    && (s.namespace().isEmpty() || s.namespace().equals(sourceNs))) {
                String url = s.node().path("spec").path("url").asString("");
                if ("GitRepository".equals(sourceKind)) {
                    JsonNode ref = s.node().path("spec").path("ref");
                    String at = ref.path("commit").asString(ref.path("tag").asString(ref.path("branch").asString("")));
                    String path = chart.startsWith("./") ? chart.substring(2) : chart;
                    source = "git+" + url + "@" + at + "#" + path;
                } else {
                    source = url;
                }
                break;
            }
        }
        String name = chart.startsWith("./") || chart.contains("/") ? chart.substring(chart.lastIndexOf('/') + 1) : chart;
        return new Pin(Pin.Type.CHART, name, version, source, List.of(), r.file(), r.positionOf("/spec/chart/spec/version"),
                r.absolutePointer("/spec/chart/spec/version"), r.identity(), "");
    }

    private static String withV(String v) {
        return v.startsWith("v") ? v : "v" + v;
    }
}
