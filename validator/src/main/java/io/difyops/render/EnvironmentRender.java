package io.difyops.render;

import io.difyops.load.Gvk;
import io.difyops.load.Resource;
import io.difyops.model.DifyEnvironment;
import io.difyops.model.Model;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.JsonSchemas;
import io.difyops.schema.SchemaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One environment rendered through the repository's XRD and Composition, and every rendered
 * object checked against the schema the repository locks for its kind (unknown fields refused when
 * the store is strict).
 */
public final class EnvironmentRender {
    /** A rendered object that breaks its schema, or has none. */
    public record Problem(String resource, String pointer, String message) {
    }

    /** The rendering and its problems. */
    public record Outcome(String environment, String composition, CompositionRenderer.Result result, List<Problem> problems) {
        public boolean clean() {
            return problems.isEmpty() && result.heldBack().isEmpty();
        }
    }

    private EnvironmentRender() {
    }

    /** The names of the environments the repository declares. */
    public static List<String> environments(Model model) {
        return model.difyEnvironments().stream().map(DifyEnvironment::name).toList();
    }

    public static Outcome render(Model model, SchemaStore schemas, String name) throws CompositionRenderer.RenderException {
        DifyEnvironment env = model.environment(name).orElseThrow(() -> new CompositionRenderer.RenderException(
                "no DifyEnvironment " + name + " in the repository (there are: " + String.join(", ", environments(model)) + ")"));
        Resource xr = env.resource();
        Resource xrd = find(model, r -> CrdConverter.isXrd(r.node()) && xr.gvk().group().equals(r.node().at("/spec/group").asString(""))
                && xr.kind().equals(r.node().at("/spec/names/kind").asString("")))
                .orElseThrow(() -> new CompositionRenderer.RenderException("no CompositeResourceDefinition for " + xr.kind()));
        Resource composition = composition(model, xr, xrd);
        CompositionRenderer.Result result = new CompositionRenderer().render(xr.node(), xrd.node(), composition.node());
        List<Problem> problems = new ArrayList<>();
        for (CompositionRenderer.Composed c : result.composed()) {
            Gvk gvk = Gvk.of(c.object().path("apiVersion").asString(""), c.object().path("kind").asString(""));
            SchemaStore.Lookup lookup = schemas.lookup(gvk);
            if (!lookup.found()) {
                problems.add(new Problem(c.name(), "", "no schema for " + gvk.apiVersion() + " " + gvk.kind()
                        + " (is its package in the schema lock?)"));
                continue;
            }
            for (JsonSchemas.Violation v : JsonSchemas.validate(lookup.schema().schema(), c.object())) {
                problems.add(new Problem(c.name(), v.pointer(), v.message()));
            }
        }
        for (JsonSchemas.Violation v : schemas.lookup(xr.gvk()).found()
                ? JsonSchemas.validate(schemas.lookup(xr.gvk()).schema().schema(), result.composite()) : List.<JsonSchemas.Violation>of()) {
            problems.add(new Problem("(composite " + name + ")", v.pointer(), v.message()));
        }
        return new Outcome(name, composition.name(), result, problems);
    }

    private static Resource composition(Model model, Resource xr, Resource xrd) throws CompositionRenderer.RenderException {
        String named = xr.node().at("/spec/crossplane/compositionRef/name").asString(
                xr.node().at("/spec/compositionRef/name").asString(xrd.node().at("/spec/defaultCompositionRef/name").asString("")));
        List<Resource> candidates = model.resources().stream()
                .filter(r -> r.origin() != Resource.Origin.PATCH && "Composition".equals(r.kind())
                        && r.gvk().group().equals("apiextensions.crossplane.io")
                        && xr.kind().equals(r.node().at("/spec/compositeTypeRef/kind").asString(""))
                        && xr.apiVersion().equals(r.node().at("/spec/compositeTypeRef/apiVersion").asString("")))
                .toList();
        for (Resource c : candidates) {
            if (c.name().equals(named)) {
                return c;
            }
        }
        if (named.isEmpty() && candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new CompositionRenderer.RenderException("no Composition " + (named.isEmpty() ? "" : named + " ") + "for " + xr.apiVersion()
                + " " + xr.kind());
    }

    private static Optional<Resource> find(Model model, java.util.function.Predicate<Resource> p) {
        return model.resources().stream().filter(r -> r.origin() != Resource.Origin.PATCH).filter(p).findFirst();
    }
}
