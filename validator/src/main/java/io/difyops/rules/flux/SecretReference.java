package io.difyops.rules.flux;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@RuleInfo(id = "secret-reference", severity = Severity.ERROR,
        summary = "A Secret is referenced that nothing in the repository produces.",
        explanation = """
                Secrets never live in git, so every Secret a manifest refers to must come from
                somewhere the repository describes. A source is:

                - an ExternalSecret target (ack-secret-manager or External Secrets);
                - a Crossplane connection Secret: a managed resource's `writeConnectionSecretToRef`,
                  or a Composition's connection Secret for each composite resource of its type;
                - a Secret manifest (whose values are substitutions or SOPS-encrypted);
                - a Secret listed under `secretsOutsideGit:` in `.difyops.yaml`, such as the one
                  bootstrap credential.

                Checked references: HelmRelease `valuesFrom` Secrets and `kubeConfig.secretRef`;
                Kustomization `kubeConfig.secretRef`, `postBuild.substituteFrom` and
                `decryption.secretRef`; source `secretRef`s; a DifyEnvironment's `passwordSecretRef`;
                ProviderConfig credentials; secret stores' access keys; and Dify's
                `plugin_connector.imageRepoSecret`, which must exist in the release's namespace.
                """)
public final class SecretReference implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        Repository repo = new Repository(ctx);
        SecretProducers producers = new SecretProducers(ctx, repo);
        for (Resource r : repo.all()) {
            JsonNode spec = r.node().path("spec");
            String group = r.gvk().group();
            if (Repository.isFlux(r, "helm", "HelmRelease")) {
                JsonNode vf = spec.path("valuesFrom");
                for (int i = 0; i < vf.size(); i++) {
                    if ("Secret".equals(vf.get(i).path("kind").asString("")) && !vf.get(i).path("optional").asBoolean(false)) {
                        need(producers, r, r.namespace(), vf.get(i).path("name").asString(""), "/spec/valuesFrom/" + i + "/name", out);
                    }
                }
                ref(producers, r, spec.path("kubeConfig").path("secretRef"), "/spec/kubeConfig/secretRef", false, out);
                imageRepoSecret(ctx, producers, r, out);
            } else if (Repository.isFlux(r, "kustomize", "Kustomization")) {
                ref(producers, r, spec.path("kubeConfig").path("secretRef"), "/spec/kubeConfig/secretRef", false, out);
                ref(producers, r, spec.path("decryption").path("secretRef"), "/spec/decryption/secretRef", false, out);
                JsonNode sf = spec.path("postBuild").path("substituteFrom");
                for (int i = 0; i < sf.size(); i++) {
                    if ("Secret".equals(sf.get(i).path("kind").asString("")) && !sf.get(i).path("optional").asBoolean(false)) {
                        need(producers, r, r.namespace(), sf.get(i).path("name").asString(""), "/spec/postBuild/substituteFrom/" + i + "/name", out);
                    }
                }
            } else if (group.equals("source.toolkit.fluxcd.io")) {
                ref(producers, r, spec.path("secretRef"), "/spec/secretRef", false, out);
            } else if (spec.path("passwordSecretRef").has("namespace") && !group.endsWith(".crossplane.io")) {
                ref(producers, r, spec.path("passwordSecretRef"), "/spec/passwordSecretRef", true, out);
            } else if ("ProviderConfig".equals(r.kind()) && group.equals("alibabacloud.crossplane.io")) {
                ref(producers, r, spec.path("credentials").path("secretRef"), "/spec/credentials/secretRef", true, out);
            } else if ("ProviderConfig".equals(r.kind()) && group.equals("tf.upbound.io")) {
                JsonNode creds = spec.path("credentials");
                for (int i = 0; i < creds.size(); i++) {
                    ref(producers, r, creds.get(i).path("secretRef"), "/spec/credentials/" + i + "/secretRef", true, out);
                }
            } else if (group.equals("alibabacloud.com") && r.kind().endsWith("SecretStore")) {
                for (String auth : new String[] {"KMS/KMSAuth", "OOS/OOSAuth"}) {
                    for (String key : new String[] {"accessKey", "accessKeySecret"}) {
                        ref(producers, r, spec.at("/" + auth + "/" + key), "/spec/" + auth + "/" + key, true, out);
                    }
                }
            }
        }
    }

    /** A {name[, namespace]} reference; without a namespace it means the owner's. */
    private static void ref(SecretProducers producers, Resource r, JsonNode ref, String pointer, boolean namespaced, Findings out) {
        if (!ref.isObject() || !ref.has("name")) {
            return;
        }
        String ns = namespaced ? ref.path("namespace").asString(r.namespace()) : r.namespace();
        need(producers, r, ns, ref.path("name").asString(""), pointer + "/name", out);
    }

    private static void need(SecretProducers producers, Resource r, String ns, String name, String pointer, Findings out) {
        if (name.isEmpty() || name.contains("${") || producers.produces(ns, name)) {
            return;
        }
        String blocked = producers.blockedReason(ns, name);
        if (blocked != null) {
            out.report(SecretReference.class, r, pointer, "Secret " + ns + "/" + name + " is referenced, but " + blocked
                    + "; add the namespace to the store's conditions");
            return;
        }
        out.report(SecretReference.class, r, pointer, "Secret " + ns + "/" + name + " is referenced but nothing in the repository "
                + "produces it: add an ExternalSecret (KMS) or a Crossplane connection Secret for it, or list it under "
                + "secretsOutsideGit in .difyops.yaml if it is created by hand");
    }

    /** Dify's plugin_connector.imageRepoSecret must exist in the namespace the release installs into. */
    private static void imageRepoSecret(RuleContext ctx, SecretProducers producers, Resource hr, Findings out) {
        JsonNode spec = hr.node().path("spec");
        java.util.Optional<io.difyops.model.DifyRelease> release = ctx.model().asRelease(hr);
        if (release.isEmpty()) {
            return;
        }
        ObjectNode values = release.get().mergedValues();
        String secret = values.path("plugin_connector").path("imageRepoSecret").asString("");
        String ns = spec.path("targetNamespace").asString(hr.namespace());
        if (!secret.isEmpty() && !producers.produces(ns, secret)) {
            out.report(SecretReference.class, hr, "/spec/valuesFrom", "plugin_connector.imageRepoSecret is " + secret + ", but no Secret "
                    + ns + "/" + secret + " is produced for the release's namespace; plugin images cannot be pushed or pulled. "
                    + "Create it from the connection Secret (clusters/<env>/remote) or fix the name");
        }
    }
}
