package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.upgrade.DifyReleases;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "plugin-registry", severity = Severity.ERROR,
        summary = "plugin_connector.imageRepoPrefix is the chart's placeholder, or not the environment's registry.",
        explanation = """
                Dify builds every plugin into an image and pushes it to `plugin_connector.imageRepoPrefix`,
                which must be `{endpoint}/{namespace}` of the environment's ACR Enterprise registry. The
                chart's default (`docker.io/your-image-repo-prefix`) makes every plugin install fail.

                Set it from the environment's connection Secret (`valuesFrom` key `registry_prefix`,
                targetPath `plugin_connector.imageRepoPrefix`), or literally to a prefix ending in the
                DifyEnvironment's `spec.pluginRegistry.namespace`.
                """)
public final class PluginRegistry implements RepositoryRule {
    static final String PLACEHOLDER = "docker.io/your-image-repo-prefix";

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            boolean fromSecret = false;
            for (JsonNode v : hr.node().path("spec").path("valuesFrom")) {
                if ("plugin_connector.imageRepoPrefix".equals(v.path("targetPath").asString(""))) {
                    fromSecret = true;
                    if (!"registry_prefix".equals(v.path("valuesKey").asString(""))) {
                        out.report(PluginRegistry.class, hr, "/spec/valuesFrom", "plugin_connector.imageRepoPrefix comes from key "
                                + v.path("valuesKey").asString("") + "; use the connection Secret's registry_prefix ({endpoint}/{namespace})");
                    }
                }
            }
            if (fromSecret) {
                continue;
            }
            String prefix = DifyReleases.mergedValues(ctx, hr).path("plugin_connector").path("imageRepoPrefix").asString(PLACEHOLDER);
            Optional<Resource> env = DifyReleases.environment(ctx, hr);
            String namespace = env.map(e -> e.node().at("/spec/pluginRegistry/namespace").asString("")).orElse("");
            if (prefix.isBlank() || prefix.equals(PLACEHOLDER)) {
                out.report(PluginRegistry.class, hr, "/spec/valuesFrom", "plugin_connector.imageRepoPrefix is the chart's placeholder "
                        + PLACEHOLDER + "; set it from the connection Secret's registry_prefix");
            } else if (!namespace.isEmpty() && !prefix.endsWith("/" + namespace)) {
                out.report(PluginRegistry.class, hr, "/spec/valuesFrom", "plugin_connector.imageRepoPrefix " + prefix + " is not in the "
                        + "environment's registry namespace " + namespace + "; use {endpoint}/" + namespace + " (registry_prefix)");
            }
        }
    }
}
