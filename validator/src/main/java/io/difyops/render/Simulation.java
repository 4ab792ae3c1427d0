package io.difyops.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a composed resource's provider would report once it exists: every field a ToComposite patch
 * reads gets a recognisable made-up value ({@code sim-<resource>-<field>}), so that the patches that
 * wait for it (Required) can be seen to apply.
 */
final class Simulation {
    private Simulation() {
    }

    static ObjectNode observe(CompositionRenderer.Composed c, JsonNode template) {
        ObjectNode observed = (ObjectNode) c.object().deepCopy();
        for (JsonNode p : template.path("patches")) {
            if (!"ToCompositeFieldPath".equals(p.path("type").asString(""))) {
                continue;
            }
            String from = p.path("fromFieldPath").asString("");
            if (from.startsWith("status.") && FieldPath.get(observed, from) == null) {
                FieldPath.set(observed, from, JsonNodeFactory.instance.stringNode(value(c.name(), from)));
            }
        }
        return observed;
    }

    static String value(String resource, String path) {
        if (path.endsWith("[api_server_intranet]")) {
            return "https://sim-" + resource + "-intranet:6443";
        }
        String field = path.substring(path.lastIndexOf('.') + 1).replaceAll("[\\[\\]]", "-").replaceAll("-+$", "");
        return ("sim-" + resource + "-" + field).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A stable UUID-shaped uid from the composite's name (Kubernetes sets the real one). */
    static String uid(String name) {
        try {
            String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
