package io.difyops.rules.flux;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "flux-reference", severity = Severity.ERROR,
        summary = "A Flux object names a source, dependency, ConfigMap or path that does not exist.",
        explanation = """
                Flux resolves its references only in the cluster, so a misspelt name shows up as a
                Kustomization or HelmRelease stuck in "not ready" after the merge. This rule resolves
                them against what the repository itself produces (manifests and kustomize renders):

                - a Kustomization's `sourceRef` and a HelmRelease's `chart.spec.sourceRef` or
                  `chartRef` must name a source object;
                - every `dependsOn` must name a Kustomization (or HelmRelease) that exists;
                - ConfigMaps in `valuesFrom`, `postBuild.substituteFrom` and `kubeConfig.configMapRef`
                  must exist (unless marked `optional`);
                - a Kustomization's `spec.path` must be a directory of this repository when its source
                  is this repository (the GitRepository `flux-system/flux-system` that
                  `flux bootstrap` creates).

                References without a namespace mean the referring object's namespace, as in Flux.
                Secrets are checked by `secret-reference`.
                """)
public final class FluxReference implements RepositoryRule {
    private static final Map<String, String> SOURCE_GROUPS = Map.of(
            "GitRepository", "source.toolkit.fluxcd.io", "OCIRepository", "source.toolkit.fluxcd.io",
            "HelmRepository", "source.toolkit.fluxcd.io", "Bucket", "source.toolkit.fluxcd.io",
            "HelmChart", "source.toolkit.fluxcd.io", "ExternalArtifact", "source.toolkit.fluxcd.io");

    @Override
    public void check(RuleContext ctx, Findings out) {
        Repository repo = new Repository(ctx);
        for (Resource r : repo.all()) {
            JsonNode spec = r.node().path("spec");
            if (Repository.isFlux(r, "kustomize", "Kustomization")) {
                source(repo, r, spec.path("sourceRef"), "/spec/sourceRef", out);
                dependsOn(repo, r, "kustomize.toolkit.fluxcd.io", "Kustomization", out);
                configMaps(repo, r, spec.path("postBuild").path("substituteFrom"), "/spec/postBuild/substituteFrom", out);
                configMapRef(repo, r, spec.path("kubeConfig").path("configMapRef"), "/spec/kubeConfig/configMapRef", out);
                path(ctx, r, spec, out);
            } else if (Repository.isFlux(r, "helm", "HelmRelease")) {
                if (spec.path("chart").path("spec").has("sourceRef")) {
                    source(repo, r, spec.path("chart").path("spec").path("sourceRef"), "/spec/chart/spec/sourceRef", out);
                }
                if (spec.has("chartRef")) {
                    source(repo, r, spec.path("chartRef"), "/spec/chartRef", out);
                }
                dependsOn(repo, r, "helm.toolkit.fluxcd.io", "HelmRelease", out);
                configMaps(repo, r, spec.path("valuesFrom"), "/spec/valuesFrom", out);
                configMapRef(repo, r, spec.path("kubeConfig").path("configMapRef"), "/spec/kubeConfig/configMapRef", out);
            }
        }
    }

    private static void source(Repository repo, Resource r, JsonNode ref, String pointer, Findings out) {
        String kind = ref.path("kind").asString("");
        String group = SOURCE_GROUPS.get(kind);
        if (group == null) {
            return;
        }
        String ns = Repository.nsOr(ref, r);
        String name = ref.path("name").asString("");
        if (repo.find(group, kind, ns, name).isEmpty()) {
            out.report(FluxReference.class, r, pointer + "/name", kind + " " + ns + "/" + name
                    + " does not exist in the repository; fix the name (or namespace), or add the " + kind);
        }
    }

    private static void dependsOn(Repository repo, Resource r, String group, String kind, Findings out) {
        JsonNode deps = r.node().path("spec").path("dependsOn");
        for (int i = 0; i < deps.size(); i++) {
            String ns = Repository.nsOr(deps.get(i), r);
            String name = deps.get(i).path("name").asString("");
            if (repo.find(group, kind, ns, name).isEmpty()) {
                out.report(FluxReference.class, r, "/spec/dependsOn/" + i + "/name", "dependsOn names " + kind + " " + ns + "/" + name
                        + ", which does not exist in the repository; Flux would wait for it forever. Fix the name or namespace");
            }
        }
    }

    private static void configMaps(Repository repo, Resource r, JsonNode refs, String pointer, Findings out) {
        for (int i = 0; i < refs.size(); i++) {
            JsonNode ref = refs.get(i);
            if ("ConfigMap".equals(ref.path("kind").asString("")) && !ref.path("optional").asBoolean(false)) {
                configMapRef(repo, r, ref, pointer + "/" + i, out);
            }
        }
    }

    private static void configMapRef(Repository repo, Resource r, JsonNode ref, String pointer, Findings out) {
        if (!ref.isObject() || !ref.has("name")) {
            return;
        }
        String name = ref.path("name").asString("");
        if (repo.find("", "ConfigMap", r.namespace(), name).isEmpty()) {
            out.report(FluxReference.class, r, pointer + "/name", "ConfigMap " + r.namespace() + "/" + name
                    + " is not produced by the repository (neither a manifest nor a configMapGenerator); fix the name or generate it");
        }
    }

    private static void path(RuleContext ctx, Resource r, JsonNode spec, Findings out) {
        JsonNode src = spec.path("sourceRef");
        boolean self = "GitRepository".equals(src.path("kind").asString("")) && "flux-system".equals(src.path("name").asString(""))
                && "flux-system".equals(Repository.nsOr(src, r));
        String path = spec.path("path").asString("");
        if (!self || path.isEmpty()) {
            return;
        }
        String rel = Path.of(path.startsWith("/") ? path.substring(1) : path).normalize().toString().replace('\\', '/');
        if (rel.startsWith("..") || !ctx.model().hasDirectory(rel)) {
            out.report(FluxReference.class, r, "/spec/path", "spec.path " + path + " is not a directory of this repository; fix the path");
        }
    }
}
