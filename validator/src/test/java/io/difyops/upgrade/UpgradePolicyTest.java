package io.difyops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import io.difyops.cel.CelRules;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.chart.UpgradePolicy;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The management cluster's upgrade guard: the ValidatingAdmissionPolicy that difyops policy generates
 * from this repository's catalog, its CEL run as the API server runs it (matchConditions, then the
 * variables in order, then the validation and its message) on real before/after HelmRelease objects
 * with helm-controller's status.history.
 */
class UpgradePolicyTest {
    private static JsonNode policy;
    private static Cel cel;

    @BeforeAll
    static void load() throws Exception {
        String text = Files.readString(Repo.root().resolve(UpgradePolicy.FILE));
        policy = new io.difyops.load.YamlReader(io.difyops.load.Limits.DEFAULT, true)
                .read(UpgradePolicy.FILE, text, new io.difyops.diag.Findings()).get(0).root();
        CelOptions options = CelOptions.current().build();
        cel = CelFactory.standardCelBuilder().setOptions(options)
                .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
                .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("variables", SimpleType.DYN)
                .addCompilerLibraries(CelExtensions.strings()).addRuntimeLibraries(CelExtensions.strings()).build();
    }

    private static Object eval(String expression, Map<String, Object> vars) throws Exception {
        return cel.createProgram(cel.compile(expression).getAst()).eval(vars);
    }

    /** Admission of an update from {@code old} to {@code now}: null when allowed or not matched, else the denial message. */
    private static String admit(JsonNode old, JsonNode now) throws Exception {
        Map<String, Object> vars = new HashMap<>();
        vars.put("object", CelRules.toCel(now));
        vars.put("oldObject", CelRules.toCel(old));
        for (JsonNode m : policy.at("/spec/matchConditions")) {
            if (!(Boolean) eval(m.path("expression").asString(), vars)) {
                return null;
            }
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        vars.put("variables", variables);
        for (JsonNode v : policy.at("/spec/variables")) {
            variables.put(v.path("name").asString(), eval(v.path("expression").asString(), vars));
        }
        JsonNode validation = policy.at("/spec/validations/0");
        if ((Boolean) eval(validation.path("expression").asString(), vars)) {
            return null;
        }
        return (String) eval(validation.path("messageExpression").asString(), vars);
    }

    private static JsonNode release(String chart, String version, String... history) throws Exception {
        StringBuilder h = new StringBuilder();
        for (String entry : history) {
            String[] vs = entry.split(":");
            h.append(h.isEmpty() ? "" : ",").append("{\"chartName\":\"").append(chart).append("\",\"chartVersion\":\"").append(vs[0])
                    .append("\",\"status\":\"").append(vs[1]).append("\",\"name\":\"ack-dify\",\"namespace\":\"dify-system\",\"version\":1}");
        }
        return new ObjectMapper().readTree("{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"kind\":\"HelmRelease\",\"metadata\":{\"name\":"
                + "\"ack-dify\",\"namespace\":\"dify-prod\"},\"spec\":{\"chart\":{\"spec\":{\"chart\":\"" + chart + "\",\"version\":\"" + version
                + "\"}}},\"status\":{\"history\":[" + h + "]}}");
    }

    private static String upgrade(String deployedHistory, String to) throws Exception {
        String[] h = deployedHistory.isEmpty() ? new String[0] : deployedHistory.split(",");
        JsonNode old = release("dify", h.length == 0 ? to : h[0].split(":")[0], h);
        return admit(old, release("dify", to, h));
    }

    @Test
    void theStopItselfIsAllowedAndThenTheNextStep() throws Exception {
        assertThat(upgrade("3.7.3:deployed", "3.8.0")).isNull();
        assertThat(upgrade("3.8.0:deployed,3.7.3:superseded", "3.9.0")).isNull();
        assertThat(upgrade("3.8.0:deployed", "3.8.5")).isNull();
        assertThat(upgrade("3.8.0-fix.1:deployed", "3.9.0")).isNull();
    }

    @Test
    void aVersionBeyondAStopTheClusterHasNotReachedIsRefusedNamingTheStop() throws Exception {
        assertThat(upgrade("3.7.3:deployed", "3.9.1")).isEqualTo(
                "dify 3.9.1 skips the Non-skippable stop 3.8.0 (deployed: 3.7.3): upgrade to the stop first and let it deploy");
        assertThat(upgrade("3.8.5:deployed", "3.10.2")).contains("skips the Non-skippable stop 3.9.0");
    }

    @Test
    void theDeployedReleaseIsTheHistorysDeployedEntryNotAFailedAttempt() throws Exception {
        // two stop pull requests in one window: 3.8.0 failed (or is still pending), so 3.9.0 must wait
        assertThat(upgrade("3.8.0:failed,3.7.3:deployed", "3.9.0")).contains("skips the Non-skippable stop 3.8.0 (deployed: 3.7.3)");
    }

    @Test
    void noHistoryRollbacksAndOtherChartsPass() throws Exception {
        assertThat(upgrade("", "3.11.0")).isNull();                       // a fresh install
        assertThat(upgrade("3.9.0:deployed", "3.8.0")).isNull();          // a rollback (the downgrade rule judges it in git)
        assertThat(admit(release("podinfo", "1.0.0", "0.1.0:deployed"), release("podinfo", "9.0.0", "0.1.0:deployed"))).isNull();
    }

    @Test
    void theCommittedPolicyIsWhatTheCatalogGives() throws Exception {
        ReleaseCatalog catalog = ReleaseCatalog.load(Repo.root(), true, "off");
        assertThat(Files.readString(Repo.root().resolve(UpgradePolicy.FILE))).isEqualTo(UpgradePolicy.yaml(catalog));
        assertThat(policy.at("/spec/variables/4/expression").asString()).contains("'3.8.0'", "'3.9.0'", "'3.10.0'", "'3.11.0'");
    }

    @Test
    void anEditedOrMissingPolicyFailsTheGateAndPolicyWritesItBack(@TempDir Path tmp) throws Exception {
        Path repo = Repo.brokenCopy(tmp.resolve("repo"), UpgradePolicy.FILE, "3010000", "3010001");
        Cli.Result v = Cli.run("validate", "--output", "json", repo.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out()).contains("upgrade-policy").contains("does not match the release catalog");
        assertThat(Cli.run("policy", "--check", "-C", repo.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("policy", "-C", repo.toString()).code()).isZero();
        assertThat(Cli.run("policy", "--check", "-C", repo.toString()).code()).isZero();
        Files.delete(repo.resolve(UpgradePolicy.FILE));
        Cli.Result missing = Cli.run("validate", repo.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("does not exist");
        assertThat(List.of(missing.err().split("\n"))).noneMatch(l -> l.startsWith("\tat "));
    }
}
