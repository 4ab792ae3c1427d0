package io.difyops.rules.sizing;

import io.difyops.model.DifyEnvironment;

import io.difyops.cel.CelRules;
import io.difyops.load.Resource;
import io.difyops.rules.RuleContext;
import io.difyops.schema.SchemaStore;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The DifyEnvironments of the repository, with the XRD's defaults applied, now and at the base. */
final class Environments {
    private Environments() {
    }

    static List<Resource> all(RuleContext ctx) {
        return ctx.model().difyEnvironments().stream().map(DifyEnvironment::resource).toList();
    }

    /** The object as the API server stores it: the XRD's defaults filled in. */
    static JsonNode withDefaults(RuleContext ctx, Resource r, JsonNode node) {
        JsonNode copy = node.deepCopy();
        SchemaStore.Lookup l = ctx.schemas().lookup(r.gvk());
        if (l.found()) {
            CelRules.Defaults.apply(l.schema().document(), copy);
        }
        return copy;
    }

    /** The same environment at the base (same file, same name), defaults applied. */
    static Optional<JsonNode> atBase(RuleContext ctx, Resource r) {
        // The API server applies the defaults of the XRD it runs now to the stored object too.
        return ctx.base().flatMap(b -> ctx.model().asEnvironment(r).flatMap(e -> e.in(b.model())))
                .map(e -> withDefaults(ctx, r, e.resource().node()));
    }
}
