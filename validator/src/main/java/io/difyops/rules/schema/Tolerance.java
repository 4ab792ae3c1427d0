package io.difyops.rules.schema;

import io.difyops.load.Resource;
import io.difyops.rules.RuleContext;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What schema-type rules leave alone: values that Flux's {@code postBuild} substitutes
 * ({@code ${VAR}}), SOPS-encrypted values ({@code ENC[...]}) and a SOPS document's {@code sops}
 * metadata.
 */
final class Tolerance {
    static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?}");
    private static final Pattern ENCRYPTED = Pattern.compile("^ENC\\[[A-Z0-9_]+,data:.*]$", Pattern.DOTALL);

    private Tolerance() {
    }

    static boolean isSops(JsonNode node) {
        JsonNode s = node.get("sops");
        return s != null && s.isObject() && (s.has("mac") || s.has("lastmodified"));
    }

    /**
     * The object as the schema should see it: a SOPS document without its sops metadata, and
     * without the paths {@code --skip-json-path KIND:POINTER} names for its kind (flux-schema's flag).
     */
    static JsonNode forSchema(Resource r, RuleContext ctx) {
        ObjectNode copy = null;
        if (ctx.options().sops() && isSops(r.node())) {
            copy = r.node().deepCopy();
            copy.remove("sops");
        }
        for (String skip : ctx.options().skipJsonPaths()) {
            int colon = skip.indexOf(':');
            String kind = skip.substring(0, colon);
            String pointer = skip.substring(colon + 1);
            if ((kind.equals(r.kind()) || kind.equals(r.gvk().apiVersion() + "/" + r.kind())) && !r.node().at(pointer).isMissingNode()) {
                copy = copy == null ? r.node().deepCopy() : copy;
                int slash = pointer.lastIndexOf('/');
                if (copy.at(pointer.substring(0, slash)) instanceof ObjectNode parent) {
                    parent.remove(io.difyops.load.SourceMap.unescape(pointer.substring(slash + 1)));
                }
            }
        }
        return copy == null ? r.node() : copy;
    }

    /** True when the value at {@code pointer} is one the rules must not judge. */
    static boolean tolerated(Resource r, RuleContext ctx, String pointer) {
        JsonNode v = r.node().at(pointer);
        if (!v.isString()) {
            return false;
        }
        String s = v.asString("");
        if (ctx.options().sops() && ENCRYPTED.matcher(s).matches()) {
            return true;
        }
        return ctx.substitutable().test(r) && SUBSTITUTION.matcher(s).find();
    }

    /** True when a value Flux substitutes lies at or under {@code pointer}. */
    static boolean substitutedUnder(Resource r, RuleContext ctx, String pointer) {
        return ctx.substitutable().test(r) && containsSubstitution(r.node().at(pointer));
    }

    private static boolean containsSubstitution(JsonNode n) {
        if (n.isString()) {
            return SUBSTITUTION.matcher(n.asString("")).find();
        }
        for (JsonNode c : n) {
            if (containsSubstitution(c)) {
                return true;
            }
        }
        return false;
    }

    static boolean substituted(Resource r, RuleContext ctx, String value) {
        return ctx.substitutable().test(r) && SUBSTITUTION.matcher(value).find();
    }
}
