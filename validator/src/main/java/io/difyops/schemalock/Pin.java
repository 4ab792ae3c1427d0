package io.difyops.schemalock;

import io.difyops.diag.Position;
import java.util.List;

/**
 * One thing the repository installs whose API schemas the lock must cover, with where it is pinned:
 * a Crossplane package, a Helm chart that installs CRDs, the Flux release, or the Kubernetes version
 * of the environments.
 *
 * @param name     the package reference without its tag, the chart name, {@code flux} or {@code kubernetes}
 * @param source   where it comes from: the chart repository URL (or {@code git+URL@COMMIT} for a
 *                 chart in a git repository, with its path after {@code #}); empty otherwise
 * @param kinds    for Kubernetes: the core kinds the repository uses ({@code apiVersion/Kind}); empty otherwise
 * @param file     repository-relative file of the pin, or empty for a dependency found in a package
 * @param resource the object that pins it, for findings
 */
public record Pin(Type type, String name, String version, String source, List<String> kinds,
                  String file, Position position, String pointer, String resource, String requiredBy) {

    /** The kinds of pins, each with the name the lock file uses. */
    public enum Type {
        PACKAGE("crossplane-package"), CHART("helm-chart"), FLUX("flux"), KUBERNETES("kubernetes");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Type parse(String s) {
            for (Type t : values()) {
                if (t.label.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown source type '" + s + "'");
        }
    }

    /** A dependency of a package, found in its package.yaml (or by the family convention). */
    public static Pin dependency(String name, String version, Pin of) {
        return new Pin(Type.PACKAGE, name, version, "", List.of(), "", Position.START, "", "", of.name() + ":" + of.version());
    }

    /** The last segment of a package name or the chart name: {@code provider-alibabacloud-rds}. */
    public String shortName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /** How the pin reads in messages: {@code provider-alibabacloud-rds v1.2.0}. */
    public String display() {
        return shortName() + " " + version;
    }

    public String key() {
        return type.label() + "|" + name + "|" + version;
    }
}
