package io.difyops.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.cel.CelRules;
import io.difyops.load.Json;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.schema.CrdConverter;
import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** crossplane/: valid against the real CRDs; the DifyEnvironment API's rules; broken copies of the Composition. */
class CrossplaneManifestsTest {
    @TempDir
    Path tmp;

    private Cli.Result validate(Path dir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("validate", "--offline", "--output", "json"));
        args.addAll(Repo.referenceLocations());
        args.addAll(List.of(extra));
        args.add(dir.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void crossplaneManifestsHaveNoErrorsAgainstTheReferenceCrds() throws Exception {
        Cli.Result r = validate(Repo.root().resolve("crossplane"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode summary = r.json().path("summary");
        assertThat(summary.path("errors").asInt()).isZero();
        assertThat(summary.path("warnings").asInt()).isZero();
        assertThat(summary.path("resources").asInt()).isGreaterThanOrEqualTo(20);
    }

    private Path brokenComposition(String from, String to) throws Exception {
        return Repo.brokenCopy(tmp.resolve("repo"), "crossplane/platform/composition-dify-ack.yaml", from, to);
    }

    private void assertOneFinding(Path repo, String rule, String lineText, String message) throws Exception {
        Cli.Result r = validate(repo);
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        JsonNode findings = r.json().path("findings");
        assertThat(findings.size()).as(r.out()).isEqualTo(1);
        JsonNode f = findings.get(0);
        Path file = repo.resolve("crossplane/platform/composition-dify-ack.yaml");
        assertThat(f.path("rule").asString()).isEqualTo(rule);
        assertThat(f.path("file").asString()).isEqualTo("crossplane/platform/composition-dify-ack.yaml");
        assertThat(f.path("line").asInt()).isEqualTo(Repo.lineOf(file, lineText));
        assertThat(f.path("message").asString()).contains(message);
    }

    @Test
    void aMisspeltToFieldPathIsFoundAtItsLine() throws Exception {
        Path repo = brokenComposition("toFieldPath: spec.forProvider.systemDiskSize", "toFieldPath: spec.forProvider.systemDiskSzie");
        assertOneFinding(repo, "composition-patch-path", "spec.forProvider.systemDiskSzie", "did you mean 'systemDiskSize'?");
    }

    @Test
    void aFromFieldPathTheXrdDoesNotHaveIsFound() throws Exception {
        Path repo = brokenComposition("fromFieldPath: spec.postgres.storageGb", "fromFieldPath: spec.postgres.storageGB");
        assertOneFinding(repo, "composition-patch-path", "fromFieldPath: spec.postgres.storageGB", "composite resource DifyEnvironment");
    }

    @Test
    void anArrayIndexIntoAScalarIsFound() throws Exception {
        Path repo = brokenComposition("toFieldPath: spec.forProvider.secondaryZoneId", "toFieldPath: spec.forProvider.secondaryZoneId[1]");
        assertOneFinding(repo, "composition-patch-path", "secondaryZoneId[1]", "is not a list");
    }

    @Test
    void aStatusFieldTheXrdDoesNotDeclareIsFound() throws Exception {
        Path repo = brokenComposition("toFieldPath: status.endpoints.oss", "toFieldPath: status.endpoints.objectStore");
        assertOneFinding(repo, "composition-patch-path", "status.endpoints.objectStore", "'objectStore' is not a field of status.endpoints");
    }

    @Test
    void aMisspeltBaseFieldIsFound() throws Exception {
        Path repo = brokenComposition("                  redundancyType: ZRS", "                  redundancyTyp: ZRS");
        assertOneFinding(repo, "composition-base", "redundancyTyp: ZRS", "redundancyTyp");
    }

    // ---- the DifyEnvironment API (XRD schema and CEL rules)

    private JsonNode xrdSchema() throws Exception {
        Path xrd = Repo.root().resolve("crossplane/platform/xrd-difyenvironment.yaml");
        JsonNode doc = new YamlReader(Limits.DEFAULT, true).read("xrd", Files.readString(xrd), new Findings()).get(0).root();
        return CrdConverter.toJsonSchema(CrdConverter.versions(doc).get(0), true);
    }

    private JsonNode prod() throws Exception {
        Path env = Repo.root().resolve("crossplane/environments/prod/difyenvironment.yaml");
        return new YamlReader(Limits.DEFAULT, true).read("env", Files.readString(env), new Findings()).get(0).root();
    }

    private Cli.Result validateEnvironment(JsonNode env) throws Exception {
        Path dir = tmp.resolve("env");
        Files.createDirectories(dir);
        Files.copy(Repo.root().resolve("crossplane/platform/xrd-difyenvironment.yaml"), dir.resolve("xrd.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("env.json"), env.toString());
        return validate(dir, "--disable", "secret-reference");
    }

    @Test
    void crossFieldRulesOfTheApi() throws Exception {
        ObjectNode flannel = (ObjectNode) prod().deepCopy();
        ((ObjectNode) flannel.path("spec").path("network")).put("plugin", "flannel");
        assertThat(validateEnvironment(flannel).out()).contains("the flannel network plugin needs spec.network.podCidr");

        ObjectNode terwayPods = (ObjectNode) prod().deepCopy();
        ((ObjectNode) terwayPods.path("spec").path("network")).put("podCidr", "10.80.0.0/16");
        assertThat(validateEnvironment(terwayPods).out()).contains("podCidr is only for flannel");

        ObjectNode sameZones = (ObjectNode) prod().deepCopy();
        ((ObjectNode) sameZones.path("spec")).set("zones", Json.parse("[\"cn-hangzhou-h\", \"cn-hangzhou-h\"]"));
        assertThat(validateEnvironment(sameZones).out()).contains("the two zones must be distinct");

        ObjectNode otherRegion = (ObjectNode) prod().deepCopy();
        ((ObjectNode) otherRegion.path("spec")).set("zones", Json.parse("[\"cn-hangzhou-h\", \"cn-shanghai-e\"]"));
        assertThat(validateEnvironment(otherRegion).out()).contains("every zone must belong to spec.region");

        assertThat(validateEnvironment(prod()).code()).isZero();
    }

    @Test
    void boundsAndEnumsOfTheApi() throws Exception {
        ObjectNode small = (ObjectNode) prod().deepCopy();
        ((ObjectNode) small.path("spec").path("kubernetes")).put("nodeCount", 2);
        ((ObjectNode) small.path("spec").path("postgres")).put("storageGb", 503);
        ((ObjectNode) small.path("spec").path("vectorStore")).put("type", "milvus");
        Cli.Result r = validateEnvironment(small);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.json().path("findings").findValuesAsString("pointer"))
                .contains("/spec/kubernetes/nodeCount", "/spec/postgres/storageGb", "/spec/vectorStore/type");
    }

    @Test
    void defaultsAreTheOneClickTemplatesDefaults() throws Exception {
        JsonNode s = xrdSchema().path("properties").path("spec").path("properties");
        assertThat(s.at("/kubernetes/properties/nodeInstanceType/default").asString()).isEqualTo("ecs.u1-c1m4.2xlarge");
        assertThat(s.at("/kubernetes/properties/nodeCount/default").asInt()).isEqualTo(6);
        assertThat(s.at("/kubernetes/properties/nodeCount/minimum").asInt()).isEqualTo(3);
        assertThat(s.at("/kubernetes/properties/systemDisk/properties/sizeGb/default").asInt()).isEqualTo(120);
        assertThat(s.at("/network/properties/plugin/default").asString()).isEqualTo("terway");
        assertThat(s.at("/network/properties/serviceCidr/default").asString()).isEqualTo("172.20.0.0/16");
        assertThat(s.at("/network/properties/vpcCidr/default").asString()).isEqualTo("192.168.0.0/16");
        assertThat(s.at("/postgres/properties/instanceClass/default").asString()).isEqualTo("pg.x2.large.2c");
        assertThat(s.at("/postgres/properties/storageGb/default").asInt()).isEqualTo(500);
        assertThat(s.at("/postgres/properties/account/default").asString()).isEqualTo("postgres");
        assertThat(s.at("/redis/properties/capacityGb/default").asInt()).isEqualTo(2);
        assertThat(s.at("/vectorStore/properties/type/default").asString()).isEqualTo("tablestore");
        assertThat(s.at("/vectorStore/properties/analyticdb/properties/spec/default").asString()).isEqualTo("8C32G");
        assertThat(s.at("/vectorStore/properties/analyticdb/properties/segmentStorageGb/default").asInt()).isEqualTo(100);
        assertThat(s.at("/vectorStore/properties/analyticdb/properties/account/default").asString()).isEqualTo("dify");
    }

    @Test
    void immutableFieldsAreRefusedAgainstTheOldObject() throws Exception {
        CelRules cel = new CelRules();
        JsonNode old = prod();
        ObjectNode changed = (ObjectNode) old.deepCopy();
        ((ObjectNode) changed.path("spec").path("network")).put("serviceCidr", "172.22.0.0/16");
        ((ObjectNode) changed.path("spec").path("network")).put("plugin", "flannel");
        ((ObjectNode) changed.path("spec").path("network")).put("podCidr", "10.80.0.0/16");
        ((ObjectNode) changed.path("spec")).put("region", "cn-beijing");
        ((ObjectNode) changed.path("spec").path("vectorStore")).put("type", "analyticdb");
        List<String> messages = cel.validate(xrdSchema(), changed, old).stream().map(CelRules.Violation::message).toList();
        assertThat(messages).anyMatch(m -> m.contains("serviceCidr is fixed"))
                .anyMatch(m -> m.contains("plugin is immutable"))
                .anyMatch(m -> m.contains("podCidr is immutable"))
                .anyMatch(m -> m.contains("region is immutable"))
                .anyMatch(m -> m.contains("vectorStore.type is immutable"));
        assertThat(cel.validate(xrdSchema(), old, old)).isEmpty();
    }

    @Test
    void noPasswordValueIsInAnyEnvironment() throws Exception {
        for (String env : List.of("prod", "staging")) {
            String text = Files.readString(Repo.root().resolve("crossplane/environments/" + env + "/difyenvironment.yaml"));
            assertThat(text).doesNotContainIgnoringCase("password:");
            assertThat(text).contains("passwordSecretRef:");
        }
    }
}
