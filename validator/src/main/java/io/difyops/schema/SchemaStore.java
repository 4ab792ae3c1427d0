package io.difyops.schema;

import io.difyops.load.Gvk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds and compiles the schema for a kind. Definitions found in the scanned tree (CRDs, and XRDs
 * for their composite resources) come first, then every {@code --schema-location} in order. Results
 * are cached per kind for the run.
 */
public final class SchemaStore {
    /** What a lookup found: a schema, or nothing (with the locations that could not be asked). */
    public record Lookup(CompiledSchema schema, List<String> unreachable, String brokenSchema) {
        public boolean found() {
            return schema != null;
        }
    }

    private final List<SchemaLocation> locations;
    private final JsonSchemas compiler;
    private final boolean strict;
    private final Map<Gvk, CrdConverter.Version> inTree = new LinkedHashMap<>();
    private final Map<Gvk, String> inTreeOrigin = new LinkedHashMap<>();
    private final Map<Gvk, Lookup> cache = new ConcurrentHashMap<>();
    private final Map<Gvk, Lookup> patchCache = new ConcurrentHashMap<>();

    public SchemaStore(List<SchemaLocation> locations, JsonSchemas compiler, boolean strict) {
        this.locations = List.copyOf(locations);
        this.compiler = compiler;
        this.strict = strict;
    }

    /** Registers a CRD or XRD version defined in the repository. */
    public void addInTree(CrdConverter.Version v, String origin) {
        Gvk gvk = new Gvk(v.group(), v.version(), v.kind());
        inTree.putIfAbsent(gvk, v);
        inTreeOrigin.putIfAbsent(gvk, origin);
    }

    /** Why a CRD or XRD version defined in the repository cannot be used as a schema, or null. */
    public String definitionProblem(CrdConverter.Version v) {
        try {
            JsonNode doc = CrdConverter.toJsonSchema(v, strict);
            compiler.compile(new SchemaSource(doc, null, v.kind()), doc);
            return null;
        } catch (RuntimeException e) {
            return CrdConverter.describe(e);
        }
    }

    public boolean strict() {
        return strict;
    }

    public Lookup lookup(Gvk gvk) {
        return cache.computeIfAbsent(gvk, this::resolve);
    }

    /**
     * The schema for validating a kustomize patch of the kind: the same schema with every
     * {@code required} removed, since a patch sets only what it changes.
     */
    public Lookup lookupPatch(Gvk gvk) {
        return patchCache.computeIfAbsent(gvk, g -> {
            Lookup full = lookup(g);
            if (!full.found()) {
                return full;
            }
            try {
                JsonNode relaxed = withoutRequired(full.schema().document().deepCopy());
                SchemaSource src = new SchemaSource(relaxed, null, full.schema().origin());
                return new Lookup(new CompiledSchema(compiler.compile(src, relaxed), relaxed, full.schema().origin()), full.unreachable(), null);
            } catch (RuntimeException e) {
                return new Lookup(null, full.unreachable(), full.schema().origin() + ": " + e.getMessage());
            }
        });
    }

    private static JsonNode withoutRequired(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("required");
            o.forEach(SchemaStore::withoutRequired);
        } else if (n != null && n.isArray()) {
            n.forEach(SchemaStore::withoutRequired);
        }
        return n;
    }

    private Lookup resolve(Gvk gvk) {
        List<String> unreachable = new ArrayList<>();
        SchemaSource source = null;
        CrdConverter.Version v = inTree.get(gvk);
        if (v != null) {
            try {
                source = new SchemaSource(CrdConverter.toJsonSchema(v, strict), null, "CRD in " + inTreeOrigin.get(gvk));
            } catch (RuntimeException e) {
                return new Lookup(null, unreachable, "its definition in " + inTreeOrigin.get(gvk) + " cannot be read: " + CrdConverter.describe(e));
            }
        }
        for (int i = 0; source == null && i < locations.size(); i++) {
            try {
                source = locations.get(i).find(gvk, strict);
            } catch (SchemaLocation.UnreachableException e) {
                unreachable.add(locations.get(i).describe() + " (" + e.getMessage() + ")");
            }
        }
        if (source == null) {
            return new Lookup(null, unreachable, null);
        }
        try {
            var doc = compiler.document(source);
            return new Lookup(new CompiledSchema(compiler.compile(source, doc), doc, source.origin()), unreachable, null);
        } catch (RuntimeException e) {
            return new Lookup(null, unreachable, source.origin() + ": " + CrdConverter.describe(e));
        }
    }
}
