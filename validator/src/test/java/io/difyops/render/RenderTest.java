package io.difyops.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Each environment of this repository rendered through its real XRD and Composition, with
 * patch-and-transform and cel-filter semantics and a simulated provider status, and every rendered
 * object checked against the locked schema of its kind with unknown fields refused
 * ({@code difyops render}).
 */
class RenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode render(String env) {
        Cli.Result r = Cli.run("render", env, "--output", "json", "-C", Repo.root().toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static Map<String, JsonNode> byName(JsonNode doc) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode o : doc.path("resources")) {
            out.put(o.at("/metadata/annotations/crossplane.io~1composition-resource-name").asString(), o);
        }
        return out;
    }

    private static String var(JsonNode workspace, String key) {
        return StreamSupport.stream(workspace.at("/spec/forProvider/vars").spliterator(), false)
                .filter(v -> v.path("key").asString().equals(key)).map(v -> v.path("value").asString()).findFirst().orElseThrow();
    }

    @Test
    void prodRendersEveryResourceValidAndNothingHeldBack() {
        JsonNode doc = render("prod");
        assertThat(doc.path("problems")).isEmpty();
        assertThat(doc.path("heldBack")).isEmpty();
        Map<String, JsonNode> r = byName(doc);
        assertThat(r.keySet()).containsExactlyInAnyOrder("vpc", "vswitch-a", "vswitch-b", "security-group", "security-group-rules",
                "cluster-terway", "node-pool", "postgres", "redis", "bucket", "dify-user", "dify-access-key", "dify-access-policy",
                "dify-access-policy-attachment", "registry", "tablestore", "cen-attachment", "kubeconfig");
        assertThat(StreamSupport.stream(doc.path("filteredOut").spliterator(), false).map(JsonNode::asString))
                .containsExactlyInAnyOrder("existing-vswitch-a", "existing-vswitch-b", "cluster-flannel", "analyticdb");
        // the one-click template's sizing reaches the cloud objects
        assertThat(r.get("redis").at("/spec/forProvider/instanceClass").asString()).isEqualTo("redis.shard.mid.2.ce");
        assertThat(r.get("node-pool").at("/spec/forProvider/desiredSize").asString()).isEqualTo("6");
        assertThat(var(r.get("postgres"), "instance_type")).isEqualTo("pg.x2.large.2c");
        assertThat(var(r.get("postgres"), "storage_gb")).isEqualTo("500");
        // both zones' vSwitches, from the (simulated) status, for the multi-zone RDS instance
        assertThat(var(r.get("postgres"), "vswitch_ids")).isEqualTo("sim-vswitch-a-id,sim-vswitch-b-id");
        // the private path: the kubeconfig points at the internal endpoint, the VPC is attached to CEN
        assertThat(var(r.get("kubeconfig"), "server")).isEqualTo(doc.at("/composite/status/apiServerEndpoint").asString()).startsWith("https://");
        assertThat(var(r.get("cen-attachment"), "cen_id")).isEqualTo("cen-difyopsmgmt0001");
        assertThat(r.get("cluster-terway").at("/spec/forProvider/slbInternetEnabled").asBoolean()).isFalse();
        // the registry workspace links the environment's VPC
        assertThat(var(r.get("registry"), "vpc_id")).isEqualTo("sim-vpc-id");
        // the XRD's defaults were applied before patching
        assertThat(doc.at("/composite/spec/deletionProtection").asBoolean()).isTrue();
        assertThat(var(r.get("postgres"), "deletion_protection")).isEqualTo("true");
    }

    @Test
    void stagingRendersFlannelAnalyticDbAndTheSmallerClasses() {
        JsonNode doc = render("staging");
        assertThat(doc.path("problems")).isEmpty();
        assertThat(doc.path("heldBack")).isEmpty();
        Map<String, JsonNode> r = byName(doc);
        assertThat(r).containsKeys("cluster-flannel", "analyticdb").doesNotContainKeys("cluster-terway", "tablestore");
        assertThat(r.get("redis").at("/spec/forProvider/instanceClass").asString()).isEqualTo("redis.shard.small.2.ce");
        // flannel: the pod CIDR reaches every whitelist and the security group rules
        assertThat(var(r.get("postgres"), "pod_cidr")).isEqualTo("10.80.0.0/16");
        assertThat(var(r.get("analyticdb"), "pod_cidr")).isEqualTo("10.80.0.0/16");
        assertThat(var(r.get("security-group-rules"), "pod_cidr")).isEqualTo("10.80.0.0/16");
        assertThat(r.get("redis").at("/spec/forProvider/securityIps/1").asString()).isEqualTo("10.80.0.0/16");
    }

    @Test
    void anUnknownFieldInATemplateIsReported(@TempDir Path tmp) throws Exception {
        Path repo = Repo.brokenCopy(tmp.resolve("repo"), "crossplane/platform/composition-dify-ack.yaml",
                "                  description: Dify Enterprise (difyops)\n",
                "                  description: Dify Enterprise (difyops)\n                  cidrBlok: 10.0.0.0/8\n");
        Cli.Result r = Cli.run("render", "prod", "-C", repo.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("# SCHEMA vpc").contains("cidrBlok");
    }

    @Test
    void aRequiredInputNobodyProducesHoldsTheResourceBack(@TempDir Path tmp) throws Exception {
        Path repo = Repo.brokenCopy(tmp.resolve("repo"), "crossplane/platform/composition-dify-ack.yaml",
                "                fromFieldPath: status.apiServerEndpoint\n", "                fromFieldPath: status.apiServerEndpoints\n");
        Cli.Result r = Cli.run("render", "prod", "-C", repo.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("# HELD BACK kubeconfig: Required field status.apiServerEndpoints of the composite has no value");
    }

    @Test
    void renderingNeedsOnlyTheRepository() {
        // every environment at once, in YAML, offline: what a reviewer runs after a sizing change
        Cli.Result r = Cli.run("render", "-C", Repo.root().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("# environment prod (Composition dify-ack): 18 resources")
                .contains("# environment staging (Composition dify-ack): 18 resources").doesNotContain("HELD BACK").doesNotContain("SCHEMA");
    }

    @Test
    void anUnknownEnvironmentIsAUsageError() {
        Cli.Result r = Cli.run("render", "nosuch", "-C", Repo.root().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no DifyEnvironment nosuch").contains("prod").contains("staging");
        assertThat(List.of(r.err().split("\n"))).noneMatch(l -> l.startsWith("\tat "));
    }
}
