package io.difyops.rules.flux;

import io.difyops.load.Resource;
import io.difyops.rules.RuleContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Every Secret the repository makes exist, with what makes it: a Secret manifest, an ExternalSecret
 * (ack-secret-manager or External Secrets), a managed resource's {@code writeConnectionSecretToRef},
 * a Composition's connection Secret for each composite resource of its type, or a
 * {@code secretsOutsideGit} entry of {@code .difyops.yaml}.
 */
final class SecretProducers {
    private final Map<String, String> producers = new HashMap<>();
    private final Map<String, String> blocked = new HashMap<>();
    private final Map<Resource, Admission> admissions = new java.util.IdentityHashMap<>();

    /**
     * The namespaces a ClusterSecretStore's {@code spec.conditions} admit, read once per store (a fleet's
     * store names a thousand namespaces, and every ExternalSecret asks).
     */
    private record Admission(java.util.Set<String> namespaces, List<java.util.regex.Pattern> regexes, boolean selector) {
        static Admission of(Resource store) {
            java.util.Set<String> names = new java.util.HashSet<>();
            List<java.util.regex.Pattern> regexes = new java.util.ArrayList<>();
            boolean selector = false;
            for (JsonNode c : store.node().path("spec").path("conditions")) {
                c.path("namespaces").forEach(ns -> names.add(ns.asString("")));
                for (JsonNode re : c.path("namespaceRegexes")) {
                    try {
                        regexes.add(java.util.regex.Pattern.compile(re.asString("")));
                    } catch (java.util.regex.PatternSyntaxException e) {
                        // a regex that does not compile admits nothing (the store's controller refuses it too)
                    }
                }
                selector |= c.has("namespaceSelector");
            }
            return new Admission(names, regexes, selector);
        }

        boolean admits(String namespace) {
            // a pull request writes these patterns: matched on a bounded view (the store's controller uses Go's RE2)
            return selector || namespaces.contains(namespace) || regexes.stream().anyMatch(p -> {
                try {
                    return p.matcher(new io.difyops.load.BoundedChars(namespace)).matches();
                } catch (io.difyops.load.BoundedChars.TooCostly e) {
                    return false;
                }
            });
        }
    }

    SecretProducers(RuleContext ctx, Repository repo) {
        for (String s : ctx.options().secretsOutsideGit()) {
            producers.put(s, "declared in .difyops.yaml (secretsOutsideGit)");
        }
        for (Resource r : repo.all()) {
            JsonNode spec = r.node().path("spec");
            if (r.gvk().group().isEmpty() && "Secret".equals(r.kind())) {
                add(r.namespace(), r.name(), "the manifest " + r.file());
            } else if ("ExternalSecret".equals(r.kind())
                    && (r.gvk().group().equals("alibabacloud.com") || r.gvk().group().equals("external-secrets.io"))) {
                String target = spec.path("target").path("name").asString("");
                String name = target.isEmpty() ? r.name() : target;
                String refused = refusedByStore(repo, r);
                if (refused == null) {
                    add(r.namespace(), name, "the ExternalSecret in " + r.file());
                } else {
                    blocked.putIfAbsent(r.namespace() + "/" + name, "the ExternalSecret in " + r.file() + " cannot be served: " + refused);
                }
            }
            JsonNode wcs = spec.path("writeConnectionSecretToRef");
            if (wcs.isObject() && !wcs.path("name").asString("").isEmpty()) {
                add(Repository.nsOr(wcs, r), wcs.path("name").asString(""), "the connection Secret of " + r.identity());
            }
        }
        for (Resource composition : repo.ofKind("apiextensions.crossplane.io", "Composition")) {
            CompositionSecrets.each(composition, repo, (xr, ns, name) ->
                    add(ns, name, "the connection Secret of " + xr.identity() + " (Composition " + composition.name() + ")"));
        }
    }

    /**
     * Why an ack-secret-manager ClusterSecretStore that the ExternalSecret reads from refuses its
     * namespace ({@code spec.conditions}), or null.
     */
    private String refusedByStore(Repository repo, Resource es) {
        for (JsonNode d : es.node().path("spec").path("data")) {
            JsonNode ref = d.path("secretStoreRef");
            if (!"ClusterSecretStore".equals(ref.path("kind").asString(""))) {
                continue;
            }
            var store = repo.find(es.gvk().group(), "ClusterSecretStore", "", ref.path("name").asString(""));
            if (store.isEmpty() || !store.get().node().path("spec").has("conditions")) {
                continue;
            }
            if (!admissions.computeIfAbsent(store.get(), Admission::of).admits(es.namespace())) {
                return "ClusterSecretStore " + store.get().name() + " (" + store.get().file() + ") admits no namespace "
                        + es.namespace() + " in spec.conditions";
            }
        }
        return null;
    }

    /** Why the Secret would have been produced but cannot be, or null. */
    String blockedReason(String namespace, String name) {
        return blocked.get(namespace + "/" + name);
    }

    private void add(String namespace, String name, String by) {
        producers.putIfAbsent(namespace + "/" + name, by);
    }

    boolean produces(String namespace, String name) {
        return producers.containsKey(namespace + "/" + name);
    }
}
