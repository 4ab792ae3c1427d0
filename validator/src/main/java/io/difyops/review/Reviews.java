package io.difyops.review;

import io.difyops.chart.ReleaseCatalog;
import io.difyops.diag.Finding;
import io.difyops.diag.Severity;
import io.difyops.model.Base;
import io.difyops.model.DifyEnvironment;
import io.difyops.model.Model;
import io.difyops.render.CompositionRenderer;
import io.difyops.render.EnvironmentRender;
import io.difyops.schema.SchemaStore;
import io.difyops.upgrade.ChangeSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link ReviewComment.Review} from the change (the work tree against its base) and the gate's findings. */
public final class Reviews {
    private Reviews() {
    }

    /**
     * @param schemas  the schema store the renders are checked with (only the composed objects are compared)
     * @param findings the gate's findings for this change (the JSON report of {@code validate})
     */
    public static ReviewComment.Review build(Model now, Base base, ReleaseCatalog catalog, Path root, SchemaStore schemas,
                                             List<Finding> findings, String summaryUrl) {
        ChangeSummary summary = ChangeSummary.of(now, base, catalog, root);
        Set<String> names = new LinkedHashSet<>();
        now.difyEnvironments().stream().map(DifyEnvironment::name).sorted().forEach(names::add);
        base.model().difyEnvironments().stream().map(DifyEnvironment::name).sorted().forEach(names::add);
        now.difyReleases().forEach(r -> names.add(r.environment()));

        Map<String, List<Finding>> byEnvironment = new LinkedHashMap<>();
        List<Finding> other = new ArrayList<>();
        for (Finding f : findings) {
            Optional<String> env = names.stream().filter(n -> belongsTo(f, n)).findFirst();
            if (env.isPresent()) {
                byEnvironment.computeIfAbsent(env.get(), k -> new ArrayList<>()).add(f);
            } else {
                other.add(f);
            }
        }
        List<ReviewComment.EnvironmentReview> out = new ArrayList<>();
        for (String name : names) {
            ChangeSummary.Environment release = summary.environments().stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
            List<ChangeSummary.Change> sizing = summary.sizing().stream().filter(c -> c.file().equals(name)).toList();
            List<CompositionDiff.Change> cloud = List.of();
            String problem = null;
            boolean inNow = now.environment(name).isPresent();
            boolean inBase = base.model().environment(name).isPresent();
            if (inNow || inBase) {
                try {
                    CompositionRenderer.Result before = inBase ? EnvironmentRender.render(base.model(), schemas, name).result() : null;
                    CompositionRenderer.Result after = inNow ? EnvironmentRender.render(now, schemas, name).result() : null;
                    cloud = CompositionDiff.of(before, after);
                } catch (CompositionRenderer.RenderException | RuntimeException e) {
                    problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
            List<Finding> fs = byEnvironment.getOrDefault(name, List.of());
            if (release != null || !sizing.isEmpty() || !cloud.isEmpty() || !fs.isEmpty() || problem != null) {
                out.add(new ReviewComment.EnvironmentReview(name, release, sizing, cloud, problem, fs));
            }
        }
        int errors = (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        int warnings = (int) findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return new ReviewComment.Review(base.description(), out, other, errors, warnings, summaryUrl);
    }

    /** A finding in an environment's folders, or on an object in its namespace ({@code dify-NAME}). */
    static boolean belongsTo(Finding f, String env) {
        String file = f.file();
        for (String dir : List.of("clusters/" + env + "/", "charts-values/" + env + "/", "crossplane/environments/" + env + "/")) {
            if (file.startsWith(dir)) {
                return true;
            }
        }
        return f.resource().contains(" dify-" + env + "/") || f.resource().endsWith("DifyEnvironment " + env);
    }

    /** The findings of a JSON report written by {@code validate --output json}. */
    public static List<Finding> fromJsonReport(tools.jackson.databind.JsonNode report) {
        List<Finding> out = new ArrayList<>();
        for (var f : report.path("findings")) {
            out.add(new Finding(f.path("rule").asString(""), Severity.parse(f.path("severity").asString("error")), f.path("file").asString(""),
                    f.path("line").asInt(1), f.path("column").asInt(1), f.path("pointer").asString(""), f.path("resource").asString(""),
                    f.path("message").asString("")));
        }
        return out;
    }
}
