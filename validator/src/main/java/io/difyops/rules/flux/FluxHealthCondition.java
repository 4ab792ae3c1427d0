package io.difyops.rules.flux;

import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.schema.CrdConverter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "flux-health-condition", severity = Severity.ERROR,
        summary = "A Flux health check waits for a condition that the kind never sets, so it can never pass.",
        explanation = """
                A Kustomization's `healthCheckExprs` decide when the objects it applied are healthy. An
                expression that waits for a condition the controller never sets keeps the Kustomization
                unready forever, and every Kustomization that `dependsOn` it stops with it.

                The conditions each kind can have, from the controllers' sources:

                - Crossplane `CompositeResourceDefinition`: `Established`; `Offered` only for a v1 XRD
                  with `claimNames` (a v2 XRD cannot offer claims: crossplane/crossplane,
                  `apis/apiextensions/shared/conditions.go`).
                - Crossplane packages (`Provider`, `Function`, `Configuration`): `Installed`, `Healthy`.
                - Composite resources (the kinds of the repository's XRDs): `Synced`, `Ready`, `Responsive`.
                - Managed resources (kinds with `spec.forProvider`): `Synced`, `Ready`, `AsyncOperation`,
                  `LastAsyncOperation`.
                - Flux kinds: `Ready`, `Reconciling`, `Stalled` and their own (`Healthy`, `Released`,
                  `TestSuccess`, `Remediated`, `ArtifactInStorage`, `FetchFailed`, `SourceVerified`).

                ```yaml
                healthCheckExprs:
                  - apiVersion: apiextensions.crossplane.io/v2
                    kind: CompositeResourceDefinition
                    current: status.conditions.exists(c, c.type == 'Offered' && c.status == 'True')   # never set
                ```

                Wait for a condition the kind sets (here `Established`). Kinds outside this list are not judged.
                """)
public final class FluxHealthCondition implements RepositoryRule {
    private static final Pattern TYPE = Pattern.compile("\\.type\\s*==\\s*['\"]([A-Za-z]+)['\"]");
    private static final Set<String> FLUX = Set.of("Ready", "Reconciling", "Stalled", "Healthy", "Released", "TestSuccess",
            "Remediated", "ArtifactInStorage", "FetchFailed", "SourceVerified", "IncludeUnavailable", "ArtifactOutdated",
            "StorageOperationFailed", "BuildFailed");
    private static final Map<String, Set<String>> CROSSPLANE = Map.of(
            "pkg.crossplane.io/Provider", Set.of("Installed", "Healthy"),
            "pkg.crossplane.io/Function", Set.of("Installed", "Healthy"),
            "pkg.crossplane.io/Configuration", Set.of("Installed", "Healthy"));

    @Override
    public void check(RuleContext ctx, Findings out) {
        Set<String> composites = new HashSet<>();
        Set<String> claimsOfferedBy = new HashSet<>();
        for (Resource r : ctx.model().resources()) {
            if (CrdConverter.isXrd(r.node())) {
                composites.add(r.node().at("/spec/group").asString("") + "/" + r.node().at("/spec/names/kind").asString(""));
                if (r.node().at("/spec/claimNames").isObject()) {
                    claimsOfferedBy.add(r.name());
                }
            }
        }
        for (Resource r : ctx.model().resources()) {
            if (!"Kustomization".equals(r.kind()) || !r.gvk().group().equals("kustomize.toolkit.fluxcd.io")) {
                continue;
            }
            JsonNode exprs = r.node().at("/spec/healthCheckExprs");
            for (int i = 0; i < exprs.size(); i++) {
                JsonNode e = exprs.get(i);
                String apiVersion = e.path("apiVersion").asString("");
                String kind = e.path("kind").asString("");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                Set<String> known = known(ctx, group, apiVersion, kind, composites, !claimsOfferedBy.isEmpty());
                if (known == null) {
                    continue;
                }
                for (String field : new String[] {"current", "failed", "inProgress"}) {
                    Matcher m = TYPE.matcher(e.path(field).asString(""));
                    Set<String> reported = new LinkedHashSet<>();
                    while (m.find()) {
                        String type = m.group(1);
                        if (!known.contains(type) && reported.add(type)) {
                            out.report(FluxHealthCondition.class, r, "/spec/healthCheckExprs/" + i + "/" + field, kind + " (" + apiVersion
                                    + ") never sets the condition " + type + ", so this health check can never pass; wait for one it sets: "
                                    + String.join(", ", known.stream().sorted().toList()));
                        }
                    }
                }
            }
        }
    }

    /** The conditions a kind can have, or null when the rule does not know the kind. */
    private static Set<String> known(RuleContext ctx, String group, String apiVersion, String kind, Set<String> composites,
                                     boolean anyXrdOffersClaims) {
        if (group.equals("apiextensions.crossplane.io") && kind.equals("CompositeResourceDefinition")) {
            return apiVersion.endsWith("/v1") && anyXrdOffersClaims ? Set.of("Established", "Offered") : Set.of("Established");
        }
        if (CROSSPLANE.containsKey(group + "/" + kind)) {
            return CROSSPLANE.get(group + "/" + kind);
        }
        if (group.endsWith(".toolkit.fluxcd.io")) {
            return FLUX;
        }
        if (composites.contains(group + "/" + kind)) {
            return Set.of("Synced", "Ready", "Responsive");
        }
        var lookup = ctx.schemas().lookup(io.difyops.load.Gvk.of(apiVersion, kind));
        if (lookup.found() && lookup.schema().document().at("/properties/spec/properties/forProvider").isObject()) {
            return Set.of("Synced", "Ready", "AsyncOperation", "LastAsyncOperation");
        }
        return null;
    }
}
