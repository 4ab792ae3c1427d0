package io.difyops.cluster;

import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.load.Resource;
import io.difyops.model.DifyEnvironment;
import io.difyops.model.DifyRelease;
import io.difyops.model.Model;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the management cluster runs, beside what git says: per environment, the {@code DifyEnvironment}'s
 * conditions (Crossplane's Ready and Synced), the HelmRelease's deployed chart version from
 * {@code status.history} against git's, the Non-skippable stops the cluster still has to pass, and the
 * readiness of the Flux Kustomizations that apply the environment.
 *
 * <p>Read with explicit resource definitions (group, version, plural, scope): no API discovery, and a
 * kind the cluster does not serve is reported as not installed rather than failing the whole view.
 */
public final class LiveState {
    /** helm.toolkit.fluxcd.io/v2 HelmRelease (Flux 2.3 and later). */
    public static final ResourceDefinitionContext HELM_RELEASE = context("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases", true);
    /** kustomize.toolkit.fluxcd.io/v1 Kustomization. */
    public static final ResourceDefinitionContext KUSTOMIZATION = context("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations", true);
    /** The platform's composite resource: cluster-scoped (crossplane/platform/xrd-difyenvironment.yaml, scope: Cluster). */
    public static final ResourceDefinitionContext DIFY_ENVIRONMENT = context(DifyEnvironment.GROUP, "v1alpha1", DifyEnvironment.KIND,
            "difyenvironments", false);

    /** A condition as a controller sets it. */
    public record Condition(String type, String status, String reason, String message) {
        @Override
        public String toString() {
            return type + "=" + status + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    /** One Flux Kustomization git defines, and what the cluster says of it ({@code found} false: not applied yet). */
    public record Kustomization(String namespace, String name, boolean found, Optional<Condition> ready, String revision) {
        public boolean isReady() {
            return ready.map(c -> c.status().equals("True")).orElse(false);
        }
    }

    /**
     * One environment. {@code deployed}: the chart version of the newest history entry with status
     * {@code deployed}; {@code lastAttempt}: the newest entry of any status (a failed upgrade shows here);
     * {@code pendingStops}: Non-skippable releases R with deployed &lt; R ≤ git, in order.
     */
    public record Environment(String name, String namespace, String gitVersion, boolean environmentFound, List<Condition> environmentConditions,
                              boolean releaseFound, Optional<Condition> releaseReady, String deployed, String lastAttempt, String lastAttemptStatus,
                              List<String> pendingStops, List<Kustomization> kustomizations) {
        /** Whether the cluster runs what git says and every part is ready. */
        public boolean inSync() {
            return deployed != null && deployed.equals(gitVersion) && releaseReady.map(c -> c.status().equals("True")).orElse(false)
                    && environmentConditions.stream().filter(c -> c.type().equals("Ready")).allMatch(c -> c.status().equals("True"))
                    && kustomizations.stream().allMatch(Kustomization::isReady);
        }
    }

    private final List<Environment> environments;
    private final List<Kustomization> kustomizations;

    private LiveState(List<Environment> environments, List<Kustomization> kustomizations) {
        this.environments = environments;
        this.kustomizations = kustomizations;
    }

    public List<Environment> environments() {
        return environments;
    }

    /** Every Flux Kustomization git defines, with its live readiness. */
    public List<Kustomization> kustomizations() {
        return kustomizations;
    }

    /**
     * The chart version each HelmRelease of the cluster has deployed, keyed {@code namespace/name}: for
     * {@code validate --cluster}, which compares git's version with it as well as with the base's.
     */
    public static Map<String, ChartVersion> deployedVersions(KubernetesClient client) {
        Map<String, ChartVersion> out = new java.util.TreeMap<>();
        for (GenericKubernetesResource hr : list(client, HELM_RELEASE)) {
            deployed(hr).flatMap(ChartVersion::parse).ifPresent(v -> out.put(hr.getMetadata().getNamespace() + "/" + hr.getMetadata().getName(), v));
        }
        return out;
    }

    /** Reads the live state of every environment of {@code model}: three LIST calls, however many environments. */
    public static LiveState read(KubernetesClient client, Model model, ReleaseCatalog catalog) {
        Map<String, GenericKubernetesResource> live = byName(list(client, KUSTOMIZATION));
        Map<String, GenericKubernetesResource> helmReleases = byName(list(client, HELM_RELEASE));
        Map<String, GenericKubernetesResource> composites = byName(list(client, DIFY_ENVIRONMENT));
        Map<String, Kustomization> byKey = new java.util.LinkedHashMap<>();
        // the DifyEnvironments each Kustomization's health checks name (its environment's cloud resources)
        Map<String, java.util.Set<String>> checks = new java.util.HashMap<>();
        for (Resource r : model.resources()) {
            if (r.gvk().group().equals(KUSTOMIZATION.getGroup()) && r.kind().equals(KUSTOMIZATION.getKind())) {
                String ns = r.namespace().isEmpty() ? "flux-system" : r.namespace();
                String key = ns + "/" + r.name();
                byKey.computeIfAbsent(key, k -> kustomization(ns, r.name(), live.get(k)));
                for (var check : r.node().path("spec").path("healthChecks")) {
                    if (check.path("kind").asString("").equals(DifyEnvironment.KIND)) {
                        checks.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(check.path("name").asString(""));
                    }
                }
            }
        }
        List<Kustomization> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.comparing(Kustomization::namespace).thenComparing(Kustomization::name));
        List<Environment> envs = new ArrayList<>();
        List<DifyRelease> releases = new ArrayList<>(model.difyReleases());
        releases.sort(Comparator.comparing(DifyRelease::environment));
        for (DifyRelease r : releases) {
            envs.add(environment(helmReleases, composites, catalog, r, all, checks));
        }
        return new LiveState(envs, all);
    }

    private static Environment environment(Map<String, GenericKubernetesResource> releases, Map<String, GenericKubernetesResource> composites,
                                           ReleaseCatalog catalog, DifyRelease r, List<Kustomization> all, Map<String, java.util.Set<String>> checks) {
        String env = r.environment();
        String ns = r.resource().namespace().isEmpty() ? "dify-" + env : r.resource().namespace();
        Optional<GenericKubernetesResource> xr = Optional.ofNullable(composites.get("/" + env));
        Optional<GenericKubernetesResource> hr = Optional.ofNullable(releases.get(ns + "/" + r.resource().name()));
        List<Condition> xrConditions = xr.map(LiveState::conditions).orElse(List.of());
        String deployed = null;
        String lastAttempt = null;
        String lastStatus = null;
        if (hr.isPresent()) {
            List<Map<String, Object>> history = history(hr.get());
            if (!history.isEmpty()) {
                lastAttempt = str(history.get(0).get("chartVersion"));
                lastStatus = str(history.get(0).get("status"));
            }
            deployed = deployed(hr.get()).orElse(null);
        }
        List<String> pending = new ArrayList<>();
        Optional<ChartVersion> from = ChartVersion.parse(deployed);
        Optional<ChartVersion> to = r.version();
        if (from.isPresent() && to.isPresent() && to.get().compareTo(from.get()) > 0) {
            catalog.stopsUpTo(from.get(), to.get()).forEach(s -> pending.add(s.version().toString()));
        }
        // the environment's own Kustomizations: those in its namespace, and those whose health checks name its DifyEnvironment
        List<Kustomization> mine = all.stream().filter(k -> k.namespace().equals(ns)
                || checks.getOrDefault(k.namespace() + "/" + k.name(), java.util.Set.of()).contains(env)).toList();
        return new Environment(env, ns, r.versionText(), xr.isPresent(), xrConditions, hr.isPresent(),
                hr.flatMap(LiveState::ready),
                deployed, lastAttempt, lastStatus, pending, mine);
    }

    private static Kustomization kustomization(String ns, String name, GenericKubernetesResource live) {
        if (live == null) {
            return new Kustomization(ns, name, false, Optional.empty(), null);
        }
        Object status = live.getAdditionalProperties().get("status");
        String revision = status instanceof Map<?, ?> m ? str(m.get("lastAppliedRevision")) : null;
        return new Kustomization(ns, name, true, ready(live), revision);
    }

    /** The chart version of the newest history entry whose status is {@code deployed}: what the release runs. */
    private static Optional<String> deployed(GenericKubernetesResource hr) {
        return history(hr).stream().filter(h -> "deployed".equals(h.get("status"))).findFirst().map(h -> str(h.get("chartVersion")));
    }

    private static Optional<Condition> ready(GenericKubernetesResource r) {
        return conditions(r).stream().filter(c -> c.type().equals("Ready")).findFirst();
    }

    /** {@code status.history}, newest first (helm-controller's Snapshots.Latest sorts by release version, descending). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> history(GenericKubernetesResource hr) {
        Object status = hr.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("history") instanceof List<?> h)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : h) {
            if (o instanceof Map<?, ?> m) {
                out.add((Map<String, Object>) m);
            }
        }
        out.sort(Comparator.comparingLong((Map<String, Object> m) -> m.get("version") instanceof Number n ? n.longValue() : 0L).reversed());
        return out;
    }

    static List<Condition> conditions(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> list)) {
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> c) {
                out.add(new Condition(str(c.get("type")), str(c.get("status")), str(c.get("reason")), str(c.get("message"))));
            }
        }
        return out;
    }

    /** {@code namespace/name} (an empty namespace for a cluster-scoped object) to the object. */
    private static Map<String, GenericKubernetesResource> byName(List<GenericKubernetesResource> objects) {
        Map<String, GenericKubernetesResource> out = new java.util.HashMap<>();
        for (GenericKubernetesResource o : objects) {
            String ns = o.getMetadata().getNamespace();
            out.put((ns == null ? "" : ns) + "/" + o.getMetadata().getName(), o);
        }
        return out;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, ResourceDefinitionContext kind) {
        try {
            var op = client.genericKubernetesResources(kind);
            return (kind.isNamespaceScoped() ? op.inAnyNamespace().list() : op.list()).getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(namespaced).build();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
