package io.difyops.config;

import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.diag.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The repository's {@code .difyops.yaml}: defaults for the command line and policy. Unknown keys are
 * refused so that a misspelt setting is never silently ignored.
 *
 * <pre>
 * schemaLocations: [crds/, "https://host/{{ .ResourceKind }}.json"]
 * strict: true
 * ignoreMissingSchemas: false
 * offline: false
 * skip: []            # KIND or GROUP/VERSION/KIND
 * reject: []
 * ignore: [".github/"]   # gitignore-style globs, from the repository root
 * severity: {schema-missing: warning, some-rule: off}
 * secretsOutsideGit: [crossplane-system/alibabacloud-credentials]   # NAMESPACE/NAME, created by hand
 * baseBranch: origin/main          # what a change is compared with (the upgrade gate)
 * chartSource: https://mirror/dify-helm   # where the dify chart comes from, instead of the HelmRepository URL
 * imageMirrors: [registry.example.com/mirror]   # prefixes that keep the image's path
 * releaseCatalog: https://ee.dify.ai/releases/catalog.json   # merged over charts-values/dify-releases.json when online
 * fluxVersion: v2.9.0              # the Flux release the clusters run (the schema lock reads its CRDs)
 * kubernetesVersion: 1.33.3        # the management cluster's Kubernetes (environments name their own)
 * schemaSources:                   # where `difyops schemas lock` reads upstream sources (defaults: the public ones)
 *   flux: https://mirror/flux2/{version}/install.yaml
 *   registries: {xpkg.upbound.io: https://registry-mirror.example.com}
 * </pre>
 */
public record RepoConfig(List<String> schemaLocations, Boolean strict, Boolean ignoreMissingSchemas, Boolean offline,
                         List<String> skip, List<String> reject, List<String> ignore, Map<String, Severity> severity,
                         List<String> secretsOutsideGit, String baseBranch, String chartSource, List<String> imageMirrors,
                         String releaseCatalog, Declared fluxVersion, Declared kubernetesVersion,
                         Map<String, String> schemaSources, Map<String, String> registryMirrors) {

    /** A value declared in the file, with where it is written (for findings). */
    public record Declared(String value, io.difyops.diag.Position position) {
    }

    public static final String FILE_NAME = ".difyops.yaml";
    private static final Set<String> KEYS = Set.of("schemaLocations", "strict", "ignoreMissingSchemas", "offline", "skip",
            "reject", "ignore", "severity", "secretsOutsideGit",
            "baseBranch", "chartSource", "imageMirrors", "releaseCatalog", "fluxVersion", "kubernetesVersion", "schemaSources");
    private static final Set<String> SOURCE_KEYS = Set.of("flux", "kubernetes", "crossplane", "gitArchive", "registries");

    public static RepoConfig empty() {
        return new RepoConfig(List.of(), null, null, null, List.of(), List.of(), List.of(), Map.of(), List.of(), null, null, List.of(), null,
                null, null, Map.of(), Map.of());
    }

    /** Reads {@code root/.difyops.yaml}; a missing file is an empty config. */
    public static RepoConfig load(Path root) throws ConfigException {
        Path file = root.resolve(FILE_NAME);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return empty();
        }
        String text;
        try {
            text = io.difyops.load.RepoFile.read(root, file);
        } catch (IOException e) {
            throw new ConfigException(FILE_NAME + ": cannot be read: " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses the text of a {@code .difyops.yaml} (the working tree's, or the base commit's). */
    public static RepoConfig parse(String text) throws ConfigException {
        Findings problems = new Findings();
        List<YamlDocument> docs = new YamlReader(Limits.DEFAULT, true).read(FILE_NAME, text, problems);
        if (!problems.isEmpty()) {
            var f = problems.list().get(0);
            throw new ConfigException(f.location() + ": " + f.message());
        }
        if (docs.isEmpty()) {
            return empty();
        }
        JsonNode n = docs.get(0).root();
        if (!n.isObject()) {
            throw new ConfigException(FILE_NAME + ": must be a mapping");
        }
        for (String k : n.propertyNames()) {
            if (!KEYS.contains(k)) {
                var p = docs.get(0).map().find("/" + k);
                throw new ConfigException(FILE_NAME + ":" + p.line() + ":" + p.column() + ": unknown setting '" + k + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Map<String, Severity> severity = new LinkedHashMap<>();
        for (var e : n.path("severity").properties()) {
            String v = e.getValue().asString("").toLowerCase(Locale.ROOT);
            try {
                severity.put(e.getKey(), "off".equals(v) ? null : Severity.parse(v));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(FILE_NAME + ": severity of " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return new RepoConfig(strings(n, "schemaLocations"), bool(n, "strict"), bool(n, "ignoreMissingSchemas"), bool(n, "offline"),
                strings(n, "skip"), strings(n, "reject"), strings(n, "ignore"), severity, secrets(n),
                text(n, "baseBranch"), text(n, "chartSource"), strings(n, "imageMirrors"), text(n, "releaseCatalog"),
                declared(docs.get(0), "fluxVersion"), declared(docs.get(0), "kubernetesVersion"), sources(docs.get(0), false),
                sources(docs.get(0), true));
    }

    private static Declared declared(YamlDocument d, String key) throws ConfigException {
        String v = text(d.root(), key);
        return v == null ? null : new Declared(v, d.map().find("/" + key));
    }

    /** {@code schemaSources}: URL templates by name, or (registries) registry hosts and their mirrors. */
    private static Map<String, String> sources(YamlDocument d, boolean registries) throws ConfigException {
        JsonNode s = d.root().path("schemaSources");
        Map<String, String> out = new LinkedHashMap<>();
        if (s.isMissingNode() || s.isNull()) {
            return out;
        }
        if (!s.isObject()) {
            throw new ConfigException(FILE_NAME + ": schemaSources must be a mapping");
        }
        for (var e : s.properties()) {
            if (!SOURCE_KEYS.contains(e.getKey())) {
                throw new ConfigException(FILE_NAME + ": unknown schemaSources key '" + e.getKey() + "' (known: "
                        + String.join(", ", SOURCE_KEYS.stream().sorted().toList()) + ")");
            }
            if (e.getKey().equals("registries") != registries) {
                continue;
            }
            if (registries) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException(FILE_NAME + ": schemaSources.registries must map registry hosts to mirror URLs");
                }
                for (var r : e.getValue().properties()) {
                    out.put(r.getKey(), r.getValue().asString(""));
                }
            } else {
                if (!e.getValue().isString()) {
                    throw new ConfigException(FILE_NAME + ": schemaSources." + e.getKey() + " must be a URL template");
                }
                out.put(e.getKey(), e.getValue().asString(""));
            }
        }
        return out;
    }

    private static List<String> secrets(JsonNode n) throws ConfigException {
        List<String> out = strings(n, "secretsOutsideGit");
        for (String s : out) {
            if (!s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
                throw new ConfigException(FILE_NAME + ": secretsOutsideGit entries are NAMESPACE/NAME, not '" + s + "'");
            }
        }
        return out;
    }

    private static String text(JsonNode n, String key) throws ConfigException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new ConfigException(FILE_NAME + ": " + key + " must be a string");
        }
        return v.asString("");
    }

    private static Boolean bool(JsonNode n, String key) throws ConfigException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(FILE_NAME + ": " + key + " must be true or false");
        }
        return v.booleanValue();
    }

    private static List<String> strings(JsonNode n, String key) throws ConfigException {
        JsonNode v = n.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ConfigException(FILE_NAME + ": " + key + " must be a list");
        }
        for (JsonNode s : v) {
            if (!s.isString()) {
                throw new ConfigException(FILE_NAME + ": every entry of " + key + " must be a string");
            }
            out.add(s.asString(""));
        }
        return out;
    }

    /** A configuration that cannot be used (exit code 2). */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }
}
