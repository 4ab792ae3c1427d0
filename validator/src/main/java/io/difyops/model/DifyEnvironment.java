package io.difyops.model;

import io.difyops.cel.CelRules;
import io.difyops.load.Resource;
import io.difyops.schema.CrdConverter;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One {@code DifyEnvironment} (the platform API's composite resource), with the XRD's defaults
 * applied as the API server applies them: every reader of an environment's sizing sees the same
 * values, whether a field is written or defaulted.
 */
public final class DifyEnvironment {
    public static final String GROUP = "platform.difyops.io";
    public static final String KIND = "DifyEnvironment";

    private final Model model;
    private final Resource resource;

    DifyEnvironment(Model model, Resource resource) {
        this.model = model;
        this.resource = resource;
    }

    public static boolean is(Resource r) {
        return r.origin() != Resource.Origin.PATCH && KIND.equals(r.kind()) && r.gvk().group().equals(GROUP);
    }

    public Resource resource() {
        return resource;
    }

    public String name() {
        return resource.name();
    }

    /** The object as the API server stores it: the XRD's defaults filled in (the XRD is the repository's). */
    public JsonNode withDefaults() {
        JsonNode copy = resource.node().deepCopy();
        schema().ifPresent(s -> CelRules.Defaults.apply(s, copy));
        return copy;
    }

    public JsonNode spec() {
        return withDefaults().path("spec");
    }

    /** The same environment in another model (the base): same file, same name. */
    public Optional<DifyEnvironment> in(Model other) {
        return other.difyEnvironments().stream()
                .filter(e -> e.resource.file().equals(resource.file()) && e.name().equals(name())).findFirst();
    }

    /** The JSON Schema of this version of the kind, from the XRD in the repository. */
    private Optional<JsonNode> schema() {
        for (Resource r : model.resources()) {
            if (r.origin() != Resource.Origin.PATCH && CrdConverter.isXrd(r.node()) && CrdConverter.shapeProblem(r.node()).isEmpty()) {
                for (CrdConverter.Version v : CrdConverter.versions(r.node())) {
                    if (v.group().equals(resource.gvk().group()) && v.kind().equals(KIND) && v.version().equals(resource.gvk().version())) {
                        return Optional.of(CrdConverter.toJsonSchema(v, false));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
