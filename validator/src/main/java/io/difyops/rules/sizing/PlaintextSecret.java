package io.difyops.rules.sizing;

import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartValues;
import io.difyops.load.Resource;
import io.difyops.load.SourceMap;
import io.difyops.load.YamlDocument;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.upgrade.DifyReleases;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@RuleInfo(id = "plaintext-secret", severity = Severity.ERROR,
        summary = "A password, key or token is written in git, or the chart's published default key is left in place.",
        explanation = """
                No secret value belongs in git. Refused are:

                - a literal, non-empty value under a key that names a secret (password, secret, token,
                  accessKey, apiKey, secretKey, salt, …) in values files, DifyEnvironments or any
                  manifest;
                - a `Secret` whose `data`/`stringData` hold values that are neither SOPS-encrypted nor
                  empty;
                - a key whose chart default is a published value (for example `global.innerApiKey`,
                  `enterprise.passwordEncryptionKey`, `minio.rootPassword`) that the release does not
                  override: everyone who has the chart knows it.

                - an environment variable whose name says secret (`OPENAI_API_KEY`, `AWS_SECRET_ACCESS_KEY`,
                  `…_PASSWORD`, `…_TOKEN`) with a literal `value`, numbers included;
                - a kustomize `secretGenerator` literal;
                - a Secret's `data` value that is not base64 (Kubernetes refuses it; the value is never printed).

                References (`…Ref`, `secretKeyRef`), Flux `${VAR}` substitutions and SOPS `ENC[...]`
                values pass. A document counts as SOPS-encrypted only when its `sops` metadata is complete
                (`mac` and `lastmodified`, the MAC itself `ENC[…]`) and every value it protects is `ENC[…]`:
                a fake `sops:` block is not encryption. Put the value in KMS Secrets Manager and bring it in with an ExternalSecret
                and `valuesFrom … targetPath`.
                """)
public final class PlaintextSecret implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        for (var e : ctx.model().documents().entrySet()) {
            for (YamlDocument d : e.getValue()) {
                JsonNode root = d.root();
                boolean sops = sopsEncrypted(root);
                if ("Secret".equals(root.path("kind").asString("")) && "v1".equals(root.path("apiVersion").asString("")) && !sops) {
                    for (String field : List.of("data", "stringData")) {
                        for (var kv : root.path(field).properties()) {
                            String v = kv.getValue().isValueNode() ? kv.getValue().asString("") : "";
                            if (field.equals("data") && !v.isEmpty() && !ChartValues.isPlaceholder(v) && !base64(v)) {
                                out.report(PlaintextSecret.class, d, "/data/" + SourceMap.escape(kv.getKey()), "Secret "
                                        + root.at("/metadata/name").asString("") + " data." + kv.getKey() + " is not base64 (Kubernetes "
                                        + "refuses it) and is a literal value in git; use an ExternalSecret (KMS), a ${VAR} substitution or SOPS");
                                continue;
                            }
                            if (!ChartValues.isPlaceholder(v)) {
                                out.report(PlaintextSecret.class, d, "/" + field + "/" + SourceMap.escape(kv.getKey()), "Secret "
                                        + root.at("/metadata/name").asString("") + " holds a literal value for " + kv.getKey()
                                        + "; git must not: use an ExternalSecret (KMS), a ${VAR} substitution or SOPS");
                            }
                        }
                    }
                    continue;
                }
                if (!sops) {
                    walk(d, root, "", out);
                    generatorLiterals(d, root, out);
                }
            }
        }
        published(ctx, out);
    }

    private static void walk(YamlDocument d, JsonNode n, String ptr, Findings out) {
        if (n.isObject()) {
            for (var e : n.properties()) {
                String p = ptr + "/" + SourceMap.escape(e.getKey());
                JsonNode v = e.getValue();
                if (e.getKey().equals("value") && n.path("name").isString() && ChartValues.isSecretEnvName(n.path("name").asString(""))
                        && v.isValueNode() && !v.isNull() && !ChartValues.isPlaceholder(v.asString(""))) {
                    out.report(PlaintextSecret.class, d, p, "environment variable " + n.path("name").asString("") + " has a literal value; "
                            + "no secret may be written in git. Use valueFrom.secretKeyRef, or valuesFrom targetPath from a Secret fed by KMS");
                } else if ((v.isString() || v.isNumber()) && ChartValues.isSecretName(e.getKey())
                        && !ChartValues.isPlaceholder(v.asString(""))) {
                    out.report(PlaintextSecret.class, d, p, keyPath(p) + " has a literal value; no secret may be written in git. "
                            + "Store it in KMS Secrets Manager and reference it (ExternalSecret, valuesFrom targetPath or a …SecretRef)");
                } else {
                    walk(d, v, p, out);
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(d, n.get(i), ptr + "/" + i, out);
            }
        }
    }

    /** The whole key path of a pointer, as a reader names it: {@code /spec/db/0/password} → {@code spec.db[0].password}. */
    static String keyPath(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (key.chars().allMatch(Character::isDigit) && !key.isEmpty()) {
                sb.append('[').append(key).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(key.contains(".") ? "\"" + key + "\"" : key);
            }
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern ENC = java.util.regex.Pattern.compile("^ENC\\[.+\\]$", java.util.regex.Pattern.DOTALL);

    /** kustomize secretGenerator literals ({@code name=value}). */
    private static void generatorLiterals(YamlDocument d, JsonNode root, Findings out) {
        JsonNode gens = root.path("secretGenerator");
        for (int i = 0; i < gens.size(); i++) {
            JsonNode lits = gens.get(i).path("literals");
            for (int j = 0; j < lits.size(); j++) {
                String l = lits.get(j).asString("");
                int eq = l.indexOf('=');
                if (eq > 0 && eq < l.length() - 1 && !ChartValues.isPlaceholder(l.substring(eq + 1))) {
                    out.report(PlaintextSecret.class, d, "/secretGenerator/" + i + "/literals/" + j, "secretGenerator "
                            + gens.get(i).path("name").asString("") + " writes " + l.substring(0, eq) + " as a literal in git; "
                            + "generate it from a file kept out of git, or use an ExternalSecret (KMS)");
                }
            }
        }
    }

    /** Complete SOPS metadata, and every protected value encrypted. */
    static boolean sopsEncrypted(JsonNode root) {
        JsonNode sops = root.path("sops");
        if (!sops.isObject() || !ENC.matcher(sops.path("mac").asString("")).matches() || sops.path("lastmodified").asString("").isEmpty()) {
            return false;
        }
        for (String field : List.of("data", "stringData")) {
            for (var kv : root.path(field).properties()) {
                if (!ENC.matcher(kv.getValue().asString("")).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean base64(String v) {
        try {
            java.util.Base64.getMimeDecoder().decode(v.strip());
            return v.strip().matches("[A-Za-z0-9+/=\\s]+");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Published chart defaults that a release leaves in place, for parts of the chart it uses. */
    private static void published(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            Optional<ChartLock> lock = DifyReleases.pinnedLock(ctx, hr);
            if (lock.isEmpty()) {
                continue;
            }
            ObjectNode values = DifyReleases.mergedValues(ctx, hr);
            Set<String> targets = DifyReleases.targetPaths(ctx, hr);
            for (String path : lock.get().publishedSecrets()) {
                if (targets.contains(path) || !value(values, path).isEmpty() || !inUse(values, path)) {
                    continue;
                }
                out.report(PlaintextSecret.class, hr, "/spec/valuesFrom", path + " keeps the chart's published default, which anyone with the "
                        + "chart knows; set it from KMS (an ExternalSecret key and valuesFrom targetPath: " + path + ")");
            }
        }
    }

    private static String value(JsonNode values, String path) {
        JsonNode n = values;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isString() ? n.asString("") : "";
    }

    /** A part of the chart the release does not use (a disabled component, another vector store) does not count. */
    static boolean inUse(JsonNode values, String path) {
        String[] parts = path.split("\\.");
        if (parts[0].equals("vectorDB") && parts.length > 1 && parts[1].startsWith("external")) {
            return parts[1].equalsIgnoreCase("external" + values.path("vectorDB").path("externalType").asString(""));
        }
        if (parts[0].equals("qdrant") || parts[0].equals("weaviate") || parts[0].equals("postgresql") || parts[0].equals("redis")) {
            return values.path(parts[0]).path("enabled").asBoolean(false);
        }
        if (parts.length > 2 && parts[0].equals("plugin_connector") && parts[1].equals("github")) {
            return !values.path("plugin_connector").path("github").path("repoName").asString("").isEmpty();
        }
        return true;
    }
}
