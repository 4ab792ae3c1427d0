package io.difyops.schemalock;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which members of a Crossplane provider family a release publishes, from the release's own publish
 * list. A family is installed service by service ({@code provider-alibabacloud-vpc},
 * {@code -ack}, ...); a service that the tag never published cannot be pulled, however valid its CRDs
 * look in the provider's source tree.
 *
 * <p>Add a tag here when the repository moves to it, with the file that proves its list.
 */
public final class PublishedPackages {
    /** One family: the package names {@code <prefix><service>} and, per tag, the services published. */
    public record Family(String repository, Pattern packageName, Map<String, Release> releases) {
    }

    /** The services a tag publishes and where that list is written. */
    public record Release(Set<String> services, String evidence) {
    }

    /** A package of a known family: its service and tag. */
    public record Member(Family family, String service, String tag) {
        public Optional<Release> release() {
            return Optional.ofNullable(family.releases().get(tag));
        }

        public boolean published() {
            return release().map(r -> r.services().contains(service)).orElse(false);
        }
    }

    private static final List<Family> FAMILIES = List.of(new Family(
            "crossplane-contrib/provider-upjet-alibabacloud",
            Pattern.compile("^xpkg\\.(?:upbound|crossplane)\\.io/crossplane-contrib/provider-(?:family-)?alibabacloud(?:-([a-z0-9]+))?$"),
            Map.of("v1.2.0", new Release(new TreeSet<>(Set.of("config", "ack", "ackone", "alb", "alidns", "cdn",
                    "cloudmonitorservice", "ecs", "fcv3", "kms", "messageservice", "oss", "polardb", "privatelink", "quotas", "ram",
                    "slb", "tair", "vpc")),
                    "the v1.2.0 publish list in crossplane-contrib/provider-upjet-alibabacloud README.md, \"Publish The Providers\""))));

    private PublishedPackages() {
    }

    /** The family member a package reference ({@code registry/org/name:tag}) names, if any. */
    public static Optional<Member> member(String packageRef) {
        int at = packageRef.indexOf('@');
        String ref = at < 0 ? packageRef : packageRef.substring(0, at);
        int colon = ref.lastIndexOf(':');
        if (colon < 0 || colon < ref.lastIndexOf('/')) {
            return Optional.empty();
        }
        String name = ref.substring(0, colon);
        String tag = ref.substring(colon + 1);
        for (Family f : FAMILIES) {
            Matcher m = f.packageName().matcher(name);
            if (m.matches()) {
                String service = name.contains("provider-family-") ? "config" : m.group(1) == null ? "monolith" : m.group(1);
                return Optional.of(new Member(f, service, tag));
            }
        }
        return Optional.empty();
    }

    /** What the lock records as the package's publication: the list that names it, or empty. */
    public static String evidence(String name, String version) {
        return member(name + ":" + version).filter(Member::published)
                .map(m -> m.service() + " is in " + m.release().orElseThrow().evidence()).orElse("");
    }
}
