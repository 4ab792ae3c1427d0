package io.difyops.schemalock;

import io.difyops.chart.ChartRepository;
import io.difyops.load.Gvk;
import io.difyops.load.Json;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.net.Http;
import io.difyops.diag.Findings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Reads each source from where it is published:
 *
 * <ul>
 *   <li>a Crossplane package from its OCI registry ({@link OciRegistry}), with the dependencies its
 *       package.yaml declares ({@code spec.dependsOn});</li>
 *   <li>a chart from its Helm repository (the archive, checked against the index digest) or, for a
 *       GitRepository source, from the repository's archive at the pinned commit: CRDs in
 *       {@code crds/} and CRD templates; the Crossplane chart installs none (its init container
 *       does), so its CRDs come from Crossplane's source archive at the chart's appVersion
 *       ({@code cluster/crds/});</li>
 *   <li>Flux: the release's {@code install.yaml};</li>
 *   <li>Kubernetes: kubeconform's schemas for that release ({@code {version}-standalone}), one per core kind used.</li>
 * </ul>
 *
 * Every URL template can be replaced in {@code .difyops.yaml} ({@code schemaSources:}), and registry
 * hosts can be mirrored ({@code schemaSources.registries:}).
 */
final class UpstreamReader implements SourceReader {
    static final Map<String, String> DEFAULT_URLS = Map.of(
            "flux", "https://github.com/fluxcd/flux2/releases/download/{version}/install.yaml",
            "kubernetes", "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/{version}-standalone/{file}",
            "crossplane", "https://github.com/crossplane/crossplane/archive/refs/tags/{version}.tar.gz",
            "gitArchive", "{url}/archive/{ref}.tar.gz");

    /** GitHub hands release assets and archives out from these hosts. */
    private static final Predicate<String> GITHUB_DOWNLOADS = h -> h.endsWith(".githubusercontent.com") || h.equals("codeload.github.com");
    private static final long MAX_ENTRY = 32L * 1024 * 1024;

    private final Http http;
    private final Map<String, String> urls;
    private final OciRegistry registry;

    UpstreamReader(Http http, Map<String, String> urls, Map<String, String> registries) {
        this.http = http;
        this.urls = new LinkedHashMap<>(DEFAULT_URLS);
        this.urls.putAll(urls);
        this.registry = new OciRegistry(http, registries);
    }

    @Override
    public Yield read(Pin pin) throws LockException {
        return switch (pin.type()) {
            case PACKAGE -> crossplanePackage(pin);
            case CHART -> chart(pin);
            case FLUX -> flux(pin);
            case KUBERNETES -> kubernetes(pin);
        };
    }

    private Yield crossplanePackage(Pin pin) throws LockException {
        OciRegistry.Pulled p = registry.pull(pin.name(), pin.version());
        List<Definition> defs = CrdTexts.definitions(pin.name(), p.packageYaml());
        List<Pin> deps = new ArrayList<>();
        Findings ignored = new Findings();
        for (YamlDocument d : new YamlReader(Limits.DEFAULT, false).read("package.yaml", p.packageYaml(), ignored)) {
            if (!d.root().path("apiVersion").asString("").startsWith("meta.pkg.crossplane.io/")) {
                continue;
            }
            for (JsonNode dep : d.root().path("spec").path("dependsOn")) {
                String name = "";
                for (String k : List.of("provider", "function", "configuration", "package")) {
                    if (dep.has(k)) {
                        name = dep.path(k).asString("");
                    }
                }
                String constraint = dep.path("version").asString("");
                if (!name.isEmpty()) {
                    deps.add(Pin.dependency(name, resolve(name, constraint), pin));
                }
            }
        }
        return new Yield(p.reads(), defs, deps, "");
    }

    /** An exact tag is taken as it is; a constraint is resolved to the highest tag that satisfies it, as Crossplane does. */
    private String resolve(String name, String constraint) throws LockException {
        if (constraint.isEmpty() || Versions.exact(constraint)) {
            return constraint.isEmpty() ? "latest" : constraint;
        }
        String best = null;
        for (String tag : registry.tags(name)) {
            if (Versions.satisfies(tag, constraint) && (best == null || Versions.compare(tag, best) > 0)) {
                best = tag;
            }
        }
        if (best == null) {
            throw new LockException("no tag of " + name + " satisfies the dependency constraint '" + constraint + "'", true);
        }
        return best;
    }

    private Yield chart(Pin pin) throws LockException {
        String source = pin.source();
        if (source.isEmpty()) {
            throw new LockException("the HelmRelease of chart " + pin.name() + " names no HelmRepository or GitRepository in the repository", false);
        }
        List<SchemaLock.Read> reads = new ArrayList<>();
        List<Definition> defs = new ArrayList<>();
        String appVersion;
        if (source.startsWith("git+")) {
            int at = source.lastIndexOf('@');
            int hash = source.indexOf('#', at);
            String url = source.substring(4, at).replaceAll("\\.git$", "");
            String ref = source.substring(at + 1, hash < 0 ? source.length() : hash);
            String path = hash < 0 ? "" : source.substring(hash + 1);
            String archiveUrl = urls.get("gitArchive").replace("{url}", url).replace("{ref}", ref);
            byte[] tgz = download(archiveUrl, "the archive of " + url + " at " + ref);
            reads.add(new SchemaLock.Read(archiveUrl, SchemaLock.sha256(tgz)));
            Map<String, String> files = untar(tgz, 1);
            String chartYaml = files.get(path + "/Chart.yaml");
            if (chartYaml == null) {
                throw new LockException(url + " at " + ref + " has no chart at " + path, true);
            }
            JsonNode chart = yaml(chartYaml);
            String found = chart.path("version").asString("");
            if (!found.equals(pin.version())) {
                throw new LockException("chart " + pin.name() + " " + pin.version() + " is not at " + url + "@" + ref
                        + ": its Chart.yaml says version " + found, true);
            }
            appVersion = chart.path("appVersion").asString("");
            collect(files, path + "/", defs);
        } else {
            ChartRepository repo = new ChartRepository(source, null, false);
            byte[] tgz;
            ChartRepository.Entry e;
            try {
                e = repo.entry(pin.name(), pin.version());
                tgz = repo.archive(e);
            } catch (IOException ex) {
                boolean missing = ex.getMessage() != null && ex.getMessage().contains("is not in the index");
                String why = ex.getMessage() != null ? ex.getMessage() : "cannot reach " + source + " (" + ex.getClass().getSimpleName() + ")";
                throw new LockException(missing ? "chart " + pin.name() + " " + pin.version() + " does not exist: " + why : why, missing);
            }
            reads.add(new SchemaLock.Read(e.url().startsWith("http") ? e.url() : repo.location() + "/" + e.url(), SchemaLock.sha256(tgz)));
            Map<String, String> files = untar(tgz, 1);
            appVersion = e.appVersion();
            collect(files, "", defs);
        }
        String note = "";
        if (defs.isEmpty() && "crossplane".equals(pin.name())) {
            String v = appVersion.isEmpty() ? pin.version() : appVersion;
            String url = urls.get("crossplane").replace("{version}", v.startsWith("v") ? v : "v" + v);
            byte[] tgz = download(url, "Crossplane's source archive " + v);
            reads.add(new SchemaLock.Read(url, SchemaLock.sha256(tgz)));
            Map<String, String> files = untar(tgz, 1);
            for (var f : files.entrySet()) {
                if (f.getKey().startsWith("cluster/crds/") && f.getKey().endsWith(".yaml")) {
                    defs.addAll(CrdTexts.definitions(url + "#" + f.getKey(), f.getValue()));
                }
            }
            note = "the chart installs no CRDs (Crossplane's init container does); read from cluster/crds/ at " + v;
        }
        return new Yield(reads, defs, List.of(), note);
    }

    /** CRDs of a chart: {@code crds/} and templates that hold a CRD. */
    private static void collect(Map<String, String> files, String prefix, List<Definition> defs) {
        for (var f : files.entrySet()) {
            String rel = f.getKey();
            if (!rel.startsWith(prefix)) {
                continue;
            }
            String inChart = rel.substring(prefix.length());
            if (prefix.isEmpty()) {
                int slash = inChart.indexOf('/');
                inChart = slash < 0 ? inChart : inChart.substring(slash + 1);
            }
            boolean yaml = inChart.endsWith(".yaml") || inChart.endsWith(".yml");
            if (yaml && (inChart.startsWith("crds/") || inChart.startsWith("templates/")) && CrdTexts.mentionsDefinition(f.getValue())) {
                defs.addAll(CrdTexts.definitions(rel, f.getValue()));
            }
        }
    }

    private Yield flux(Pin pin) throws LockException {
        String url = urls.get("flux").replace("{version}", pin.version());
        byte[] body = download(url, "Flux " + pin.version() + "'s install.yaml");
        List<Definition> defs = CrdTexts.definitions(url, new String(body, StandardCharsets.UTF_8));
        return new Yield(List.of(new SchemaLock.Read(url, SchemaLock.sha256(body))), defs, List.of(), "");
    }

    private Yield kubernetes(Pin pin) throws LockException {
        List<SchemaLock.Read> reads = new ArrayList<>();
        List<Definition> defs = new ArrayList<>();
        for (String k : pin.kinds()) {
            Gvk gvk = Pins.gvkOf(k);
            String url = urls.get("kubernetes").replace("{version}", pin.version()).replace("{file}", kubeconformName(gvk));
            byte[] body = download(url, "the schema of " + k + " for Kubernetes " + pin.version());
            reads.add(new SchemaLock.Read(url, SchemaLock.sha256(body)));
            try {
                defs.add(new JsonSchema(gvk, Json.parse(new String(body, StandardCharsets.UTF_8))));
            } catch (RuntimeException e) {
                throw new LockException(url + " is not JSON", false);
            }
        }
        return new Yield(reads, defs, List.of(), "");
    }

    /** kubeconform's file name for a kind: {@code namespace-v1.json}, {@code deployment-apps-v1.json}. */
    static String kubeconformName(Gvk gvk) {
        String group = gvk.group();
        String first = group.isEmpty() ? "" : "-" + (group.contains(".") ? group.substring(0, group.indexOf('.')) : group);
        return (gvk.kind() + first + "-" + gvk.version()).toLowerCase(Locale.ROOT) + ".json";
    }

    private byte[] download(String url, String what) throws LockException {
        try {
            Http.Response r = http.get(url, Map.of(), GITHUB_DOWNLOADS);
            if (r.status() == 404) {
                throw new LockException(what + " does not exist: " + url + " answered HTTP 404", true);
            }
            if (!r.ok()) {
                throw new LockException(url + " answered HTTP " + r.status(), false);
            }
            return r.body();
        } catch (IOException e) {
            throw new LockException(e.getMessage(), false);
        }
    }

    /** The text files of a gzipped tar, by path without the first {@code strip} segments. */
    static Map<String, String> untar(byte[] tgz, int strip) throws LockException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory() || e.getSize() > MAX_ENTRY || !e.isFile()) {
                    continue;
                }
                String[] parts = e.getName().split("/");
                if (parts.length <= strip) {
                    continue;
                }
                String rel = String.join("/", java.util.Arrays.copyOfRange(parts, strip, parts.length));
                if (rel.endsWith(".yaml") || rel.endsWith(".yml")) {
                    out.put(rel, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new LockException("not a gzipped tar archive: " + e.getMessage(), false);
        }
        return out;
    }

    private static JsonNode yaml(String text) {
        List<YamlDocument> docs = new YamlReader(Limits.DEFAULT, false).read("Chart.yaml", text, new Findings());
        return docs.isEmpty() ? Json.MAPPER.createObjectNode() : docs.get(0).root();
    }
}
