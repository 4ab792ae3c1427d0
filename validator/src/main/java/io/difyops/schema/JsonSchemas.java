package io.difyops.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import io.difyops.load.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compiles JSON Schemas with networknt (draft 2020-12, plus the Kubernetes extension keywords as
 * annotations) and turns its errors into one violation per JSON pointer.
 */
public final class JsonSchemas {
    /** A schema error at one pointer of the validated object. */
    public record Violation(String pointer, String keyword, String message) {
    }

    private static final String DIALECT_ID = "https://difyops.io/schemas/k8s-dialect";
    private final SchemaRegistry registry;
    private final SchemaFetcher fetcher;

    public JsonSchemas(SchemaFetcher fetcher) {
        this.fetcher = fetcher;
        Dialect dialect = Dialect.builder(DIALECT_ID, Dialects.getDraft202012())
                .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
                .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
                .keyword(new NonValidationKeyword("x-kubernetes-embedded-resource"))
                .keyword(new NonValidationKeyword("x-kubernetes-list-type"))
                .keyword(new NonValidationKeyword("x-kubernetes-list-map-keys"))
                .keyword(new NonValidationKeyword("x-kubernetes-map-type"))
                .keyword(new NonValidationKeyword("x-kubernetes-validations"))
                .keyword(new NonValidationKeyword("x-kubernetes-group-version-kind"))
                .keyword(new NonValidationKeyword("x-kubernetes-patch-merge-key"))
                .keyword(new NonValidationKeyword("x-kubernetes-patch-strategy"))
                .keyword(new NonValidationKeyword("x-kubernetes-unions"))
                .keyword(new NonValidationKeyword("x-difyops-create-only"))
                .keyword(new NonValidationKeyword("nullable"))
                .keyword(new NonValidationKeyword("example"))
                .build();
        SchemaRegistryConfig cfg = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.ENGLISH)
                .regularExpressionFactory(JsonSchemas::boundedPattern).build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemaRegistryConfig(cfg).schemas(this::loadText));
    }

    /**
     * The schema set: the folders (file: or http(s) URL prefixes) of the schemas the locations handed
     * out. A {@code $ref} resolves only inside it, so a CRD or a fetched schema cannot make the gate
     * read a local file ({@code file:///…}) or fetch from another host.
     */
    private final Set<String> scopes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static String folder(String iri) {
        int slash = iri.lastIndexOf('/');
        return slash < 0 ? iri : iri.substring(0, slash + 1);
    }

    /** Whether an IRI lies inside the schema set: under a known folder, after normalising away {@code ..}. */
    boolean inSchemaSet(String iri) {
        String normal;
        try {
            URI u = URI.create(iri).normalize();
            if (u.getRawQuery() != null || u.getRawFragment() != null || u.getPath() == null || u.getPath().contains("/../")
                    || u.getPath().startsWith("/..")) {
                return false;
            }
            normal = u.toString();
            if (normal.startsWith("file:")) {
                Path p = Path.of(u);
                if (Files.exists(p)) {
                    Path real = p.toRealPath();
                    boolean inside = false;
                    for (String scope : scopes) {
                        if (scope.startsWith("file:") && real.startsWith(Path.of(URI.create(scope)).toRealPath())) {
                            inside = true;
                        }
                    }
                    return inside;
                }
            }
        } catch (IllegalArgumentException | IOException | java.nio.file.FileSystemNotFoundException e) {
            return false;
        }
        for (String scope : scopes) {
            if (normal.startsWith(scope)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A schema's {@code pattern}, as networknt's JDK engine compiles it, matched with a step budget: the API
     * server uses Go's RE2 (linear time), Java's engine backtracks, so a CRD's {@code (a+)+$} would
     * otherwise hang a run on a long value. A match that runs out of budget counts as no match (fail closed).
     */
    private static com.networknt.schema.regex.RegularExpression boundedPattern(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(com.networknt.schema.regex.RegularExpressions
                .replaceLongformCharacterProperties(com.networknt.schema.regex.RegularExpressions.replaceDollarAnchors(regex)));
        return value -> {
            try {
                return p.matcher(new io.difyops.load.BoundedChars(value)).find();
            } catch (io.difyops.load.BoundedChars.TooCostly e) {
                return false;
            }
        };
    }

    /** Text of a schema IRI (http(s) through the fetcher and its cache, file: from disk), cleaned. */
    private String loadText(String iri) {
        if (!inSchemaSet(iri)) {
            return null; // networknt then reports the $ref as unresolvable: a finding, nothing read
        }
        String text;
        if (iri.startsWith("http://") || iri.startsWith("https://")) {
            if (!(fetcher.fetch(iri) instanceof SchemaFetcher.Found f)) {
                return null;
            }
            text = f.text();
        } else if (iri.startsWith("file:")) {
            try {
                Path p = Path.of(URI.create(iri));
                if (!Files.isRegularFile(p)) {
                    return null;
                }
                text = Files.readString(p);
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        } else {
            return null;
        }
        JsonNode node = Json.parse(text);
        if (node instanceof ObjectNode o) {
            o.remove("$schema");
            o.remove("id");
        }
        return node.toString();
    }

    /** Reads the schema document of a source (for CEL and defaults); converted CRD schemas are returned as they are. */
    public JsonNode document(SchemaSource s) {
        if (s.schema() != null) {
            return s.schema();
        }
        enter(s);
        String text = loadText(s.iri());
        if (text == null) {
            throw new IllegalStateException("cannot read schema " + s.origin());
        }
        return Json.parse(text);
    }

    /** A location handed out this schema: its folder joins the schema set. */
    private void enter(SchemaSource s) {
        if (s.iri() != null) {
            try {
                scopes.add(folder(URI.create(s.iri()).normalize().toString()));
            } catch (IllegalArgumentException e) {
                // not an IRI: nothing joins
            }
        }
    }

    public Schema compile(SchemaSource s, JsonNode document) {
        enter(s);
        Schema schema = s.iri() != null
                ? registry.getSchema(SchemaLocation.of(s.iri()), document)
                : registry.getSchema(document);
        schema.initializeValidators();
        return schema;
    }

    /** Validates and groups the errors by pointer; alternatives of anyOf/oneOf are joined. */
    public static List<Violation> validate(Schema schema, JsonNode instance) {
        List<Error> errors = schema.validate(instance);
        Map<String, Set<String>> byPointer = new LinkedHashMap<>();
        Map<String, String> keyword = new LinkedHashMap<>();
        for (Error e : errors) {
            String ptr = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
            if ("$".equals(ptr) || "/".equals(ptr)) {
                ptr = "";
            }
            String kw = e.getKeyword() == null ? "" : e.getKeyword();
            if (("required".equals(kw) || "additionalProperties".equals(kw) || "unevaluatedProperties".equals(kw)) && e.getProperty() != null) {
                ptr = ptr + "/" + e.getProperty().replace("~", "~0").replace("/", "~1");
            }
            byPointer.computeIfAbsent(ptr, k -> new LinkedHashSet<>()).add(clean(e.getMessage()));
            keyword.putIfAbsent(ptr, kw);
        }
        List<Violation> out = new ArrayList<>();
        byPointer.forEach((ptr, msgs) -> out.add(new Violation(ptr, keyword.get(ptr), String.join("; or ", msgs))));
        return out;
    }

    private static String clean(String m) {
        if (m == null) {
            return "";
        }
        String s = m.trim();
        int colon = s.indexOf(": ");
        if (s.startsWith("/") || s.startsWith("$")) {
            s = colon > 0 ? s.substring(colon + 2) : s;
        }
        return s;
    }
}
