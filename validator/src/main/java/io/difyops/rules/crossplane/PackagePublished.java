package io.difyops.rules.crossplane;

import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.schemalock.PublishedPackages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@RuleInfo(id = "package-published", severity = Severity.ERROR,
        summary = "A Crossplane package that its release never published, or a provider family split across tags.",
        explanation = """
                A provider family (for Alibaba Cloud, crossplane-contrib/provider-upjet-alibabacloud) is
                installed service by service, and each release publishes only the services in its publish
                list. A package outside that list has CRDs in the provider's source tree, so every manifest
                validates, yet Crossplane can never pull it: the Provider stays unhealthy and nothing that
                uses its kinds is created.

                ```yaml
                kind: Provider
                spec:
                  package: xpkg.upbound.io/crossplane-contrib/provider-alibabacloud-rds:v1.2.0   # v1.2.0 never published rds
                ```

                Use only services the tag publishes (the rule names the list and where it is written);
                compose anything else through provider-terraform. All members of a family share one tag,
                because they share the family's config package and its ProviderConfig.

                A tag whose publish list the gate does not know is a warning: add the list, with the file
                that proves it, to `PublishedPackages`.
                """)
public final class PackagePublished implements RepositoryRule {
    private static final Set<String> PACKAGE_KINDS = Set.of("Provider", "Configuration", "Function");

    @Override
    public void check(RuleContext ctx, Findings out) {
        Map<String, List<Member>> byFamily = new LinkedHashMap<>();
        for (Resource r : ctx.model().resources()) {
            if (!"pkg.crossplane.io".equals(r.gvk().group()) || !PACKAGE_KINDS.contains(r.gvk().kind())) {
                continue;
            }
            String ref = r.node().path("spec").path("package").asString("");
            PublishedPackages.member(ref).ifPresent(m -> {
                byFamily.computeIfAbsent(m.family().repository(), k -> new java.util.ArrayList<>()).add(new Member(r, m));
                if (m.release().isEmpty()) {
                    out.report(PackagePublished.class, Severity.WARNING, r, "/spec/package", ref + ": the gate does not know which "
                            + "services " + m.tag() + " of " + m.family().repository() + " publishes; add its publish list to "
                            + "PublishedPackages, with its source, or use a known tag (" + String.join(", ", m.family().releases().keySet()) + ")");
                } else if (!m.published()) {
                    PublishedPackages.Release rel = m.release().orElseThrow();
                    out.report(PackagePublished.class, r, "/spec/package", ref + " was never published: " + m.tag() + " publishes "
                            + String.join(" ", rel.services()) + " (" + rel.evidence() + "); compose its kinds through "
                            + "provider-terraform, or move the family to a tag that publishes " + m.service());
                }
            });
        }
        for (List<Member> members : byFamily.values()) {
            Map<String, Long> tags = members.stream().collect(Collectors.groupingBy(m -> m.member().tag(), LinkedHashMap::new,
                    Collectors.counting()));
            if (tags.size() < 2) {
                continue;
            }
            String majority = tags.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            for (Member m : members) {
                if (!m.member().tag().equals(majority)) {
                    out.report(PackagePublished.class, m.resource(), "/spec/package", m.resource().node().path("spec").path("package")
                            .asString("") + " is at " + m.member().tag() + " while the rest of its family is at " + majority
                            + "; keep every member of " + m.member().family().repository() + " on one tag");
                }
            }
        }
    }

    private record Member(Resource resource, PublishedPackages.Member member) {
    }
}
