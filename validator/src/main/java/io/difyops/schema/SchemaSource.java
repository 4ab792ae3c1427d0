package io.difyops.schema;

import tools.jackson.databind.JsonNode;

/**
 * A schema found for a kind: the JSON Schema itself, the IRI it was read from (so that relative
 * {@code $ref}s resolve; null for converted CRDs), and where it came from, for messages.
 */
public record SchemaSource(JsonNode schema, String iri, String origin) {
}
