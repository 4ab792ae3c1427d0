package io.difyops.load;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one Jackson mapper. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** Text that is not JSON; the message names where, never what (the text may not be ours to print). */
    public static final class NotJson extends IllegalArgumentException {
        public NotJson(String message) {
            super(message);
        }
    }

    /** Parses JSON; a failure says line and column only, without echoing the text. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation l = e.getLocation();
            throw new NotJson(l == null || l.getLineNr() < 1 ? "not valid JSON"
                    : "not valid JSON at line " + l.getLineNr() + ", column " + l.getColumnNr());
        }
    }
}
