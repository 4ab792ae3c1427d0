package io.difyops.rules.flux;

import io.difyops.load.Resource;
import io.difyops.rules.RuleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The objects the repository produces, looked up by kind, namespace and name: every manifest and
 * every object kustomize renders (generated ConfigMaps included). Patches are not objects.
 */
final class Repository {
    private final Map<String, Resource> byKey = new HashMap<>();
    private final List<Resource> all = new ArrayList<>();
    private final Map<String, List<Resource>> byKind = new HashMap<>();

    Repository(RuleContext ctx) {
        for (Resource r : ctx.model().resources()) {
            if (r.origin() == Resource.Origin.PATCH) {
                continue;
            }
            all.add(r);
            byKey.putIfAbsent(key(r.gvk().group(), r.kind(), r.namespace(), r.name()), r);
            byKind.computeIfAbsent(r.gvk().group() + "|" + r.kind(), k -> new ArrayList<>()).add(r);
        }
    }

    static String key(String group, String kind, String namespace, String name) {
        return group + "|" + kind + "|" + namespace + "|" + name;
    }

    List<Resource> all() {
        return all;
    }

    Optional<Resource> find(String group, String kind, String namespace, String name) {
        return Optional.ofNullable(byKey.get(key(group, kind, namespace, name)));
    }

    List<Resource> ofKind(String group, String kind) {
        return byKind.getOrDefault(group + "|" + kind, List.of());
    }

    static boolean isFlux(Resource r, String groupPrefix, String kind) {
        return r.gvk().group().equals(groupPrefix + ".toolkit.fluxcd.io") && r.kind().equals(kind);
    }

    /** The namespace a reference without one means: the referring object's. */
    static String nsOr(JsonNode ref, Resource owner) {
        String ns = ref.path("namespace").asString("");
        return ns.isEmpty() ? owner.namespace() : ns;
    }
}
