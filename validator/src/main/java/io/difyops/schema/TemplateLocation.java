package io.difyops.schema;

import io.difyops.load.Gvk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schema location template in kubeconform's syntax, local or remote, e.g.
 * {@code https://host/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json}.
 * flux-schema's variables ({@code .Group}, {@code .Kind}, {@code .Version}, {@code .GroupPrefix}) work too.
 */
public final class TemplateLocation implements SchemaLocation {
    /** kubeconform's default location. */
    public static final String KUBECONFORM_DEFAULT = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/"
            + "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

    private static final Pattern VAR = Pattern.compile("\\{\\{\\s*\\.([A-Za-z]+)\\s*}}");
    private static final Set<String> KNOWN = Set.of("NormalizedKubernetesVersion", "StrictSuffix", "ResourceKind", "KindSuffix",
            "Group", "ResourceAPIVersion", "Kind", "Version", "GroupPrefix");

    private final String template;
    private final Path base;
    private final SchemaFetcher fetcher;

    /** @throws IllegalArgumentException for a malformed template or an unknown variable */
    public TemplateLocation(String template, Path base, SchemaFetcher fetcher) {
        this.template = template;
        this.base = base;
        this.fetcher = fetcher;
        String rest = VAR.matcher(template).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            throw new IllegalArgumentException("failed initialising schema location '" + template + "': malformed template");
        }
        Matcher m = VAR.matcher(template);
        while (m.find()) {
            if (!KNOWN.contains(m.group(1))) {
                throw new IllegalArgumentException("failed initialising schema location '" + template + "': unknown variable ."
                        + m.group(1) + " (known: " + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
        }
    }

    public boolean remote() {
        return template.startsWith("http://") || template.startsWith("https://");
    }

    @Override
    public String describe() {
        return template;
    }

    String render(Gvk gvk, boolean strict) {
        String group = gvk.group().toLowerCase(Locale.ROOT);
        String first = group.contains(".") ? group.substring(0, group.indexOf('.')) : group;
        String version = gvk.version().toLowerCase(Locale.ROOT);
        String kind = gvk.kind().toLowerCase(Locale.ROOT);
        Map<String, String> vars = Map.of(
                "NormalizedKubernetesVersion", "master",
                "StrictSuffix", strict ? "-strict" : "",
                "ResourceKind", kind,
                "KindSuffix", group.isEmpty() ? "-" + version : "-" + first + "-" + version,
                "Group", group.isEmpty() ? "core" : group,
                "ResourceAPIVersion", version,
                "Kind", kind,
                "Version", version,
                "GroupPrefix", first);
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(vars.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public SchemaSource find(Gvk gvk, boolean strict) throws UnreachableException {
        String where = render(gvk, strict);
        if (remote()) {
            SchemaFetcher.Result r = fetcher.fetch(where);
            if (r instanceof SchemaFetcher.Found) {
                return new SchemaSource(null, where, where);
            }
            if (r instanceof SchemaFetcher.Unreachable u) {
                throw new UnreachableException(u.reason());
            }
            return null;
        }
        Path p = base.resolve(where).normalize();
        return Files.isRegularFile(p) ? new SchemaSource(null, p.toUri().toString(), p.toString()) : null;
    }
}
