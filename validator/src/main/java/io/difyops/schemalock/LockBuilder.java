package io.difyops.schemalock;

import io.difyops.load.Gvk;
import io.difyops.load.Json;
import io.difyops.schema.CrdConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the schema lock from the repository's pins: reads every source (and the packages they
 * depend on), converts each definition into a compact JSON Schema (descriptions dropped; defaults,
 * bounds and CEL rules kept), and names one file per kind and version.
 */
public final class LockBuilder {
    /** A source that could not be locked, with its pin (for the finding). */
    public record Failure(Pin pin, LockException error) {
    }

    /** The lock, or the sources that failed. */
    public record Result(SchemaLock lock, List<Failure> failures) {
    }

    private static final Comparator<Pin> ORDER = Comparator.comparing((Pin p) -> p.type().ordinal()).thenComparing(Pin::name)
            .thenComparing(Pin::version, Versions::compare);

    private LockBuilder() {
    }

    public static Result build(List<Pin> pins, SourceReader reader) {
        Map<String, Pin> all = new LinkedHashMap<>();
        Map<String, SourceReader.Yield> yields = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        Deque<Pin> todo = new ArrayDeque<>(pins);
        Set<String> namesPinned = new LinkedHashSet<>();
        pins.forEach(p -> namesPinned.add(p.type() + "|" + p.name()));
        while (!todo.isEmpty()) {
            Pin p = todo.poll();
            if (all.containsKey(p.key())) {
                continue;
            }
            all.put(p.key(), p);
            try {
                SourceReader.Yield y = reader.read(p);
                yields.put(p.key(), y);
                for (Pin d : y.dependencies()) {
                    // A dependency that the repository pins itself is locked at the repository's version.
                    if (!namesPinned.contains(d.type() + "|" + d.name())) {
                        todo.add(d);
                    }
                }
            } catch (LockException e) {
                failures.add(new Failure(p, e));
            }
        }
        if (!failures.isEmpty()) {
            return new Result(null, failures);
        }
        List<Pin> ordered = new ArrayList<>(all.values());
        ordered.sort(ORDER);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<SchemaLock.Source> sources = new ArrayList<>();
        for (Pin p : ordered) {
            SourceReader.Yield y = yields.get(p.key());
            Map<Gvk, SourceReader.Definition> defs = new LinkedHashMap<>();
            for (SourceReader.Definition d : y.definitions()) {
                defs.putIfAbsent(d.gvk(), d);
            }
            List<SchemaLock.Kind> kinds = new ArrayList<>();
            List<Gvk> sorted = new ArrayList<>(defs.keySet());
            sorted.sort(Comparator.comparing(Gvk::apiVersion).thenComparing(Gvk::kind));
            for (Gvk gvk : sorted) {
                SourceReader.Definition d = defs.get(gvk);
                byte[] bytes = bytes(d);
                String file = fileName(gvk, "");
                if (files.containsKey(file) && !java.util.Arrays.equals(files.get(file), bytes)) {
                    file = fileName(gvk, "-" + p.version());
                }
                files.put(file, bytes);
                String scope = d instanceof SourceReader.Crd c ? c.version().scope() : "";
                String format = d instanceof SourceReader.Crd ? "crd" : "jsonschema";
                kinds.add(new SchemaLock.Kind(gvk.apiVersion(), gvk.kind(), scope, format, file, SchemaLock.sha256(bytes), null));
            }
            sources.add(new SchemaLock.Source(p.type(), p.name(), p.version(), p.requiredBy(),
                    p.type() == Pin.Type.PACKAGE ? PublishedPackages.evidence(p.name(), p.version()) : "", y.note(), y.reads(), kinds, null));
        }
        return new Result(new SchemaLock(sources, files), List.of());
    }

    /** {@code group/kind_version.json}, core kinds under {@code core/}. */
    static String fileName(Gvk gvk, String suffix) {
        String group = gvk.group().isEmpty() ? "core" : gvk.group();
        return (group + "/" + gvk.kind() + "_" + gvk.version() + suffix + ".json").toLowerCase(Locale.ROOT);
    }

    /** The schema file: pretty-printed JSON (reviewable in a pull request), ending with a newline. */
    static byte[] bytes(SourceReader.Definition d) {
        JsonNode schema = d instanceof SourceReader.Crd c
                ? CrdConverter.convert(c.version().openApiSchema(), false)
                : jsonSchema(((SourceReader.JsonSchema) d).schema().deepCopy());
        return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A core kind's schema as we validate with it: no {@code $schema} or {@code id} (the validator
     * applies its own dialect, as it does to every schema it downloads) and no descriptions.
     */
    private static JsonNode jsonSchema(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            o.remove("$schema");
            o.remove("id");
        }
        return withoutDescriptions(schema);
    }

    private static JsonNode withoutDescriptions(JsonNode n) {
        if (n instanceof ObjectNode o) {
            JsonNode d = o.get("description");
            if (d != null && d.isString()) {
                o.remove("description");
            }
            o.forEach(LockBuilder::withoutDescriptions);
        } else if (n != null && n.isArray()) {
            n.forEach(LockBuilder::withoutDescriptions);
        }
        return n;
    }
}
