package io.difyops.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** What a chart's values say about images, keys and sizing. Paths are dotted ({@code web.logoConfig.image}). */
public final class ChartValues {
    /** An image setting: an {@code image} object, or a plain {@code *Image} string. */
    public record Image(String path, String repository, String tag, boolean plain) {
        public String reference() {
            return tag == null || tag.isEmpty() ? repository : repository + ":" + tag;
        }
    }

    private ChartValues() {
    }

    public static Map<String, Image> images(JsonNode values) {
        Map<String, Image> out = new LinkedHashMap<>();
        collect(values, "", out);
        return out;
    }

    private static void collect(JsonNode n, String path, Map<String, Image> out) {
        if (!n.isObject()) {
            return;
        }
        for (var e : n.properties()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (e.getKey().equals("image") && v.isObject() && v.path("repository").isString()) {
                JsonNode tag = v.get("tag");
                out.put(p, new Image(p, v.path("repository").asString(""), tag == null || tag.isNull() ? null : tag.asString(""), false));
            } else if (v.isString() && e.getKey().endsWith("Image") && !v.asString("").isBlank()) {
                String[] rt = splitReference(v.asString(""));
                out.put(p, new Image(p, rt[0], rt[1], true));
            } else {
                collect(v, p, out);
            }
        }
    }

    /** A dotted key path ({@code web.logoConfig.image}) as a JSON pointer. */
    public static String pointer(String dotted) {
        StringBuilder sb = new StringBuilder();
        for (String part : dotted.split("\\.")) {
            sb.append('/').append(io.difyops.load.SourceMap.escape(part));
        }
        return sb.toString();
    }

    /** An image repository's path without its registry host ({@code downloads.unstructured.io/a/b} → {@code a/b}). */
    public static String pathOf(String repository) {
        String host = explicitRegistry(repository);
        return host == null ? repository : repository.substring(host.length() + 1);
    }

    /** The registry host an image repository names, Docker Hub ({@code docker.io}) when it names none. */
    public static String registryOf(String repository) {
        String host = explicitRegistry(repository);
        return host == null ? "docker.io" : host;
    }

    /** The first path segment when it names a host (a dot, a port or localhost), as Docker reads a reference. */
    private static String explicitRegistry(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return null;
    }

    /** {@code repo[:tag][@digest]} into repository and tag (the tag keeps a digest after it). */
    public static String[] splitReference(String ref) {
        int at = ref.indexOf('@');
        String name = at >= 0 ? ref.substring(0, at) : ref;
        String digest = at >= 0 ? ref.substring(at) : "";
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {name.substring(0, colon), name.substring(colon + 1) + digest};
        }
        return new String[] {name, digest.isEmpty() ? null : digest};
    }

    /** Every key path of the values; lists and empty maps are leaves. */
    public static List<String> keyPaths(JsonNode values) {
        TreeSet<String> out = new TreeSet<>();
        keys(values, "", out);
        return new ArrayList<>(out);
    }

    private static void keys(JsonNode n, String path, TreeSet<String> out) {
        for (var e : n.properties()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            out.add(p);
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                keys(e.getValue(), p, out);
            }
        }
    }

    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "(?i).*(password|passwd|secret|token|apikey|accesskey|secretkey|privatekey|credentials?|salt|encryptionkey)$");
    private static final java.util.Set<String> NOT_SECRETS = java.util.Set.of("fromConnectionSecretKey", "valuesKey", "imageRepoSecret",
            "existingSecret", "secretName", "connectionSecretKeys", "tokenSecretRef", "secretStoreRef", "privateKeySecretKey");

    /** A key that names a secret (password, token, apiKey, …) and is not a reference to one. */
    public static boolean isSecretName(String key) {
        // asked for every key of every document: a repository has few distinct keys, so each is decided once
        return SECRET_NAMES.computeIfAbsent(key, k -> SECRET_NAME.matcher(k).matches() && !NOT_SECRETS.contains(k) && !k.endsWith("Ref")
                && !k.endsWith("Refs"));
    }

    private static final java.util.Map<String, Boolean> SECRET_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.regex.Pattern ENV_SECRET = java.util.regex.Pattern.compile(
            "(?i)^[A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*$");

    /** An environment variable name that names a secret (OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY, DB_PASSWORD…). */
    public static boolean isSecretEnvName(String name) {
        return ENV_SECRET.matcher(name).matches();
    }

    /** A value that is not a secret: empty, a placeholder, a Flux substitution or a SOPS value. */
    public static boolean isPlaceholder(String v) {
        String t = v.trim();
        return t.isEmpty() || t.contains("REPLACE_ME") || t.startsWith("your-") || t.startsWith("YOUR") || t.contains("${")
                || t.startsWith("ENC[") || t.equals("changeme") || t.startsWith("<");
    }

    /** Key paths whose chart default is a real, published secret value (not empty, not a placeholder). */
    public static List<String> publishedSecrets(JsonNode values) {
        List<String> out = new ArrayList<>();
        secrets(values, "", out);
        return out;
    }

    private static void secrets(JsonNode n, String path, List<String> out) {
        for (var e : n.properties()) {
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (e.getValue().isObject()) {
                secrets(e.getValue(), p, out);
            } else if (e.getValue().isString() && isSecretName(e.getKey()) && !isPlaceholder(e.getValue().asString(""))) {
                out.add(p);
            }
        }
    }

    /** Each top-level component's replicas and resources (for the capacity check). */
    public static Map<String, JsonNode> components(JsonNode values) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (var e : values.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject() && (v.has("replicas") || v.has("resources"))) {
                var c = io.difyops.load.Json.MAPPER.createObjectNode();
                if (v.has("replicas")) {
                    c.set("replicas", v.get("replicas"));
                }
                c.set("resources", v.has("resources") && !v.get("resources").isNull() ? v.get("resources") : c.objectNode());
                out.put(e.getKey(), c);
            }
        }
        return out;
    }
}
