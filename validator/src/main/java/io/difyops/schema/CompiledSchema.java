package io.difyops.schema;

import com.networknt.schema.Schema;
import tools.jackson.databind.JsonNode;

/** A schema ready to validate one kind: networknt's compiled form and the document (for CEL and defaults). */
public record CompiledSchema(Schema schema, JsonNode document, String origin) {
}
