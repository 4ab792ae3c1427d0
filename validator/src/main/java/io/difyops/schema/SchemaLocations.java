package io.difyops.schema;

import java.nio.file.Files;
import java.nio.file.Path;

/** Parses a {@code --schema-location} value. */
public final class SchemaLocations {
    private SchemaLocations() {
    }

    /**
     * {@code default} (kubeconform's location), a template with {@code {{ }}} variables, an http(s)
     * URL (a base URL gets kubeconform's path appended, as kubeconform does), a directory, or a file.
     *
     * @throws IllegalArgumentException when the location cannot be used at all
     */
    public static SchemaLocation parse(String loc, Path base, SchemaFetcher fetcher) {
        String l = loc.trim();
        if (l.isEmpty()) {
            throw new IllegalArgumentException("empty schema location");
        }
        if ("default".equals(l)) {
            return new TemplateLocation(TemplateLocation.KUBECONFORM_DEFAULT, base, fetcher);
        }
        if (l.contains("{{")) {
            return new TemplateLocation(l, base, fetcher);
        }
        if (l.startsWith("http://") || l.startsWith("https://")) {
            if (l.endsWith(".json")) {
                return new TemplateLocation(l, base, fetcher);
            }
            String b = l.endsWith("/") ? l : l + "/";
            return new TemplateLocation(b + "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json",
                    base, fetcher);
        }
        Path p = base.resolve(l).normalize();
        if (Files.isDirectory(p)) {
            return new DirectoryLocation(p);
        }
        if (Files.isRegularFile(p)) {
            return l.endsWith(".json") ? new FileLocation(p) : new DirectoryLocation(p);
        }
        throw new IllegalArgumentException("schema location '" + loc + "' is neither a directory, a file, nor a URL template");
    }
}
