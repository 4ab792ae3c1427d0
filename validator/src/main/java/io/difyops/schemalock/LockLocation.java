package io.difyops.schemalock;

import io.difyops.load.Gvk;
import io.difyops.load.Json;
import io.difyops.schema.CrdConverter;
import io.difyops.schema.SchemaLocation;
import io.difyops.schema.SchemaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The repository's schema lock as a schema location: {@code schemas/lock.yaml} says which file
 * holds each kind. A {@code crd} schema is validated exactly as the CRD it came from would be; a
 * {@code jsonschema} one gets {@code additionalProperties: false} on its objects in strict mode, as
 * kubeconform's {@code -strict} schemas have.
 */
public final class LockLocation implements SchemaLocation {
    private record Entry(SchemaLock.Kind kind, SchemaLock.Source source) {
    }

    private final Path dir;
    private final Map<Gvk, Entry> byGvk = new HashMap<>();

    public LockLocation(Path root, SchemaLock lock) {
        this.dir = root.resolve(SchemaLock.DIR);
        for (SchemaLock.Source s : lock.sources()) {
            for (SchemaLock.Kind k : s.kinds()) {
                byGvk.putIfAbsent(Gvk.of(k.apiVersion(), k.kind()), new Entry(k, s));
            }
        }
    }

    @Override
    public String describe() {
        return SchemaLock.DIR + "/" + SchemaLock.LOCK_FILE;
    }

    @Override
    public SchemaSource find(Gvk gvk, boolean strict) {
        Entry e = byGvk.get(gvk);
        if (e == null) {
            return null;
        }
        JsonNode stored;
        try {
            stored = Json.parse(io.difyops.load.RepoFile.read(dir.getParent(), dir.resolve(e.kind().file())));
        } catch (IOException | RuntimeException ex) {
            return null; // a missing or broken schema file is the schemas-lock rule's finding
        }
        String origin = SchemaLock.DIR + "/" + e.kind().file() + " (" + e.source().display() + ")";
        if ("crd".equals(e.kind().format())) {
            CrdConverter.Version v = new CrdConverter.Version(gvk.group(), gvk.version(), gvk.kind(), e.kind().scope(), stored);
            return new SchemaSource(CrdConverter.toJsonSchema(v, strict), null, origin);
        }
        return new SchemaSource(strict ? strict(stored) : stored, null, origin);
    }

    /** {@code additionalProperties: false} on every object schema with properties that allows no unknown fields. */
    static JsonNode strict(JsonNode n) {
        if (!(n instanceof ObjectNode o)) {
            return n;
        }
        if (o.has("properties") && !o.has("additionalProperties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            o.put("additionalProperties", false);
        }
        for (String k : new java.util.ArrayList<>(o.propertyNames())) {
            JsonNode v = o.get(k);
            switch (k) {
                case "properties", "patternProperties", "definitions", "$defs" -> v.forEach(LockLocation::strict);
                case "items", "additionalProperties", "not" -> strict(v);
                case "allOf", "anyOf", "oneOf" -> v.forEach(LockLocation::strict);
                default -> {
                }
            }
        }
        return o;
    }
}
