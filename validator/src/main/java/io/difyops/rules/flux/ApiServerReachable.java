package io.difyops.rules.flux;

import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "api-server-reachable", severity = Severity.ERROR,
        summary = "Flux applies to an environment's cluster through a kubeconfig whose API server the management cluster cannot reach.",
        explanation = """
                A Kustomization or HelmRelease with `spec.kubeConfig.secretRef` applies to a remote cluster.
                When that kubeconfig is an environment's (the connection Secret its Composition writes),
                the management cluster must have a network path to the environment's API server, and the
                kubeconfig must point at the endpoint on that path. Otherwise every apply times out and the
                environment never gets Dify, while every manifest stays schema-valid.

                The paths the gate recognises, read from the environment and its Composition:

                - public: a composed ACK cluster whose `slbInternetEnabled` is true or patched;
                - private through CEN: `spec.kubernetes.apiServer.via: cen`, and the Composition composes
                  a CEN attachment of the environment's VPC (`alicloud_cen_instance_attachment` in a
                  Workspace module, or a kind of a `cen.*` group);
                - private in the same VPC: `via: same-vpc` with `spec.network.existingVpcId`.

                On a private path, a kubeconfig taken unchanged from `alicloud_cs_cluster_credential`
                (`kube_config`, the public endpoint) does not match: the module must set the cluster's
                `server` to the internal endpoint.

                Today's broken form, kept as this rule's fixture: `slbInternetEnabled: false`, nothing that
                connects the VPCs, and the credential's `kube_config` as the kubeconfig.
                """)
public final class ApiServerReachable implements RepositoryRule {
    private static final Pattern SERVER_SET = Pattern.compile("\\bserver\\s*=");

    @Override
    public void check(RuleContext ctx, Findings out) {
        Repository repo = new Repository(ctx);
        // every connection Secret the Compositions write, once: namespace/name to the composition and composite resource
        Map<String, List<Resource[]>> secrets = new HashMap<>();
        for (Resource composition : repo.ofKind("apiextensions.crossplane.io", "Composition")) {
            CompositionSecrets.each(composition, repo, (xr, secretNs, secretName) ->
                    secrets.computeIfAbsent(secretNs + "/" + secretName, k -> new ArrayList<>()).add(new Resource[] {composition, xr}));
        }
        for (Resource r : repo.all()) {
            if (!Repository.isFlux(r, "kustomize", "Kustomization") && !Repository.isFlux(r, "helm", "HelmRelease")) {
                continue;
            }
            JsonNode ref = r.node().path("spec").path("kubeConfig").path("secretRef");
            if (!ref.isObject() || ref.path("name").asString("").isEmpty()) {
                continue;
            }
            String ns = Repository.nsOr(ref, r);
            String name = ref.path("name").asString("");
            for (Resource[] writer : secrets.getOrDefault(ns + "/" + name, List.of())) {
                Resource composition = writer[0];
                Resource xr = writer[1];
                String problem = problem(composition, xr);
                if (problem != null) {
                    out.report(ApiServerReachable.class, r, "/spec/kubeConfig/secretRef", r.kind() + " " + r.name()
                            + " applies to the cluster of " + xr.identity() + " through " + ns + "/" + name + ", but " + problem);
                }
            }
        }
    }

    /** Why the management cluster cannot use this environment's kubeconfig, or null. */
    static String problem(Resource composition, Resource xr) {
        List<JsonNode> clusters = new ArrayList<>();
        boolean cen = false;
        JsonNode kubeconfigModule = null;
        for (JsonNode step : composition.node().path("spec").path("pipeline")) {
            for (JsonNode res : step.path("input").path("resources")) {
                JsonNode base = res.path("base");
                String kind = base.path("kind").asString("");
                String apiVersion = base.path("apiVersion").asString("");
                String module = base.at("/spec/forProvider/module").asString("");
                if ("ManagedKubernetes".equals(kind) || "Kubernetes".equals(kind) && apiVersion.startsWith("ack.")) {
                    clusters.add(res);
                }
                if (apiVersion.startsWith("cen.") || module.contains("alicloud_cen_instance_attachment")
                        || module.contains("alicloud_cen_transit_router_vpc_attachment")) {
                    cen = true;
                }
                for (JsonNode cd : res.path("connectionDetails")) {
                    if ("kubeconfig".equals(cd.path("name").asString("")) && !module.isEmpty()) {
                        kubeconfigModule = base;
                    }
                }
            }
        }
        if (clusters.isEmpty()) {
            return null;
        }
        boolean publicEndpoint = false;
        for (JsonNode c : clusters) {
            publicEndpoint |= c.at("/base/spec/forProvider/slbInternetEnabled").asBoolean(false);
            for (JsonNode p : c.path("patches")) {
                publicEndpoint |= "spec.forProvider.slbInternetEnabled".equals(p.path("toFieldPath").asString(""));
            }
        }
        JsonNode apiServer = xr.node().at("/spec/kubernetes/apiServer");
        String via = apiServer.path("via").asString("");
        boolean privatePath = switch (via) {
            case "cen" -> cen;
            case "same-vpc" -> !xr.node().at("/spec/network/existingVpcId").asString("").isEmpty();
            default -> false;
        };
        if (!publicEndpoint && !privatePath) {
            String why = switch (via) {
                case "cen" -> "spec.kubernetes.apiServer.via is cen and Composition " + composition.name()
                        + " composes no CEN attachment of the environment's VPC";
                case "same-vpc" -> "spec.kubernetes.apiServer.via is same-vpc without spec.network.existingVpcId (the management VPC)";
                default -> "nothing connects the management cluster to it (spec.kubernetes.apiServer.via is not set)";
            };
            return "that API server is unreachable: the cluster has no public endpoint (slbInternetEnabled false in Composition "
                    + composition.name() + ") and " + why + ". Set spec.kubernetes.apiServer.via: cen with apiServer.cenId "
                    + "(the CEN instance of the management VPC), or same-vpc with spec.network.existingVpcId";
        }
        if (!publicEndpoint && kubeconfigModule != null) {
            String module = kubeconfigModule.at("/spec/forProvider/module").asString("");
            if (module.contains("kube_config") && !SERVER_SET.matcher(module).find()) {
                return "the kubeconfig is alicloud_cs_cluster_credential's kube_config unchanged, which points at the public endpoint "
                        + "the cluster does not have: set the cluster's server to the internal endpoint "
                        + "(connections.api_server_intranet) in the kubeconfig Workspace's module";
            }
        }
        return null;
    }
}
