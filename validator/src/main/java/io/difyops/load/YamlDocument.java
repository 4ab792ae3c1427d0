package io.difyops.load;

import io.difyops.diag.Located;
import io.difyops.diag.Position;
import tools.jackson.databind.JsonNode;

/** One document of a YAML (or JSON) file, with its source map. {@code root} is never null. */
public record YamlDocument(String file, int index, JsonNode root, SourceMap map) implements Located {
    @Override
    public Position positionOf(String pointer) {
        return map.find(pointer);
    }
}
