package io.difyops.schemalock;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.testing.Upstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code difyops schemas lock} against a real upstream on 127.0.0.1 (an OCI registry with bearer
 * tokens, a Helm repository, source archives, Flux's install.yaml, kubeconform's schemas) built
 * from the reference data, on a copy of this repository whose sources point there.
 */
class SchemaLockOnlineTest {
    @TempDir
    Path tmp;
    Upstream upstream;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        upstream = Upstream.start(tmp.resolve("upstream"));
        repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
        for (String dir : List.of("clusters", "charts-values", "crossplane")) {
            Repo.copy(Repo.root().resolve(dir), repo.resolve(dir));
        }
        Files.writeString(repo.resolve(".difyops.yaml"), Files.readString(Repo.root().resolve(".difyops.yaml")) + upstream.schemaSources());
        replace("crossplane/install/crossplane.yaml", "https://charts.crossplane.io/stable", upstream.url + "/charts");
        replace("crossplane/install/ack-secret-manager.yaml", "https://github.com/AliyunContainerService/ack-secret-manager",
                upstream.url + "/AliyunContainerService/ack-secret-manager");
    }

    @AfterEach
    void tearDown() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private void replace(String file, String from, String to) throws Exception {
        Path f = repo.resolve(file);
        String text = Files.readString(f);
        assertThat(text).contains(from);
        Files.writeString(f, text.replace(from, to));
    }

    private Cli.Result lock(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "schemas";
        args[1] = "lock";
        args[2] = "--repo=" + repo;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.run(args);
    }

    @Test
    void locksEverySourceUpstreamAndTheRepositoryThenValidatesOfflineWithEveryResourceChecked() throws Exception {
        Cli.Result r = lock();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote schemas/lock.yaml: 14 sources");
        SchemaLock lock = SchemaLock.readOrNull(repo);
        assertThat(lock.sources()).extracting(SchemaLock.Source::display).contains("provider-alibabacloud-tair v1.2.0",
                "crossplane 2.3.4", "ack-secret-manager 0.6.7", "flux v2.9.0", "kubernetes v1.33.3",
                "function-cel-filter v0.2.0");
        // The family's config package comes in as a dependency; its ">=v1.1.0" constraint resolves to the highest tag.
        SchemaLock.Source family = lock.byKey().get("crossplane-package|xpkg.upbound.io/crossplane-contrib/provider-family-alibabacloud|v1.2.0");
        assertThat(family.requiredBy()).startsWith("xpkg.upbound.io/crossplane-contrib/provider-alibabacloud-");
        assertThat(family.kinds()).extracting(SchemaLock.Kind::kind).contains("ProviderConfig");
        // What was read is recorded with the sha256 of its bytes: here the package layer blob, by its digest.
        SchemaLock.Source tair = lock.byKey().get("crossplane-package|xpkg.upbound.io/crossplane-contrib/provider-alibabacloud-tair|v1.2.0");
        assertThat(tair.read()).anySatisfy(read -> assertThat(read.url()).contains("/blobs/sha256:" + read.sha256()));
        assertThat(tair.kinds()).extracting(SchemaLock.Kind::kind).containsExactly("Instance", "TairInstance");
        // and where its release is shown to publish it
        assertThat(tair.published()).contains("tair is in the v1.2.0 publish list");
        SchemaLock.Source crossplane = lock.byKey().get("helm-chart|crossplane|2.3.4");
        assertThat(crossplane.note()).contains("init container");
        assertThat(crossplane.kinds()).extracting(SchemaLock.Kind::kind).contains("Composition", "CompositeResourceDefinition", "Provider");
        SchemaLock.Source asm = lock.byKey().get("helm-chart|ack-secret-manager|0.6.7");
        assertThat(asm.kinds()).extracting(SchemaLock.Kind::kind)
                .containsExactlyInAnyOrder("ClusterExternalSecret", "ClusterSecretStore", "ExternalSecret", "SecretStore");
        assertThat(upstream.requests).contains("/token");

        Cli.Result v = Cli.run("validate", "--output", "json", repo.toString());
        JsonNode summary = v.json().path("summary");
        assertThat(v.code()).as(v.out()).isZero();
        assertThat(summary.path("warnings").asInt()).isZero();
        assertThat(summary.path("unchecked").asInt()).isZero();
        assertThat(summary.path("checked").asInt()).isEqualTo(summary.path("resources").asInt());

        assertThat(lock("--check").code()).isZero();
        assertThat(lock("--check", "--offline").code()).isZero();
    }

    @Test
    void aTagTheRegistryDoesNotServeFailsTheLockNamingPackageAndTagAndValidateReportsItAtItsLine() throws Exception {
        assertThat(lock().code()).isZero();
        replace("crossplane/providers/packages.yaml", "provider-alibabacloud-tair:v1.2.0", "provider-alibabacloud-tair:v1.9.9");
        String before = Files.readString(repo.resolve("schemas/lock.yaml"));

        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("crossplane/providers/packages.yaml:45:3:")
                .contains("xpkg.upbound.io/crossplane-contrib/provider-alibabacloud-tair:v1.9.9 is not published");
        assertThat(Files.readString(repo.resolve("schemas/lock.yaml"))).isEqualTo(before);

        Cli.Result v = Cli.run("validate", "--output", "json", repo.toString());
        assertThat(v.code()).isEqualTo(1);
        JsonNode finding = null;
        for (JsonNode f : v.json().path("findings")) {
            if (f.path("rule").asString().equals("schemas-lock")) {
                finding = f;
            }
        }
        assertThat(finding).as(v.out()).isNotNull();
        assertThat(finding.path("file").asString()).isEqualTo("crossplane/providers/packages.yaml");
        assertThat(finding.path("line").asInt()).isEqualTo(45);
        assertThat(finding.path("message").asString()).contains("provider-alibabacloud-tair v1.9.9").contains("v1.2.0");
        assertThat(lock("--check", "--offline").code()).isEqualTo(1);
    }

    @Test
    void aChartVersionTheRepositoryDoesNotListIsNamedWithItsLine() throws Exception {
        replace("crossplane/install/crossplane.yaml", "version: \"2.3.4\"", "version: \"2.9.9\"");
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("crossplane/install/crossplane.yaml:29:").contains("crossplane 2.9.9 does not exist");
        assertThat(repo.resolve("schemas")).doesNotExist();
    }

    @Test
    void oneChangedByteOfAServedCrdChangesTheLockAndCheckFails() throws Exception {
        assertThat(lock().code()).isZero();
        String before = Files.readString(repo.resolve("schemas/lock.yaml"));
        Path install = upstream.dir.resolve("flux2/v2.9.0/install.yaml");
        byte[] bytes = Files.readAllBytes(install);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("description: ");
        bytes[at + 13] = (byte) (bytes[at + 13] == 'X' ? 'Y' : 'X');
        Files.write(install, bytes);

        Cli.Result check = lock("--check");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.err()).contains("flux v2.9.0").contains("install.yaml now has sha256");
        assertThat(lock().code()).isZero();
        assertThat(Files.readString(repo.resolve("schemas/lock.yaml"))).isNotEqualTo(before);
    }

    @Test
    void aSchemaFileEditedByHandIsCaughtByCheckAndByValidate() throws Exception {
        assertThat(lock().code()).isZero();
        Path f = repo.resolve("schemas/core/namespace_v1.json");
        Files.writeString(f, Files.readString(f).replaceFirst("\"Namespace\"", "\"Namespaces\""));
        assertThat(lock("--check", "--offline").err()).contains("schemas/core/namespace_v1.json was edited by hand");
        Cli.Result v = Cli.run("validate", repo.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out()).contains("[schemas-lock] schemas/core/namespace_v1.json was edited by hand");
    }

    @Test
    void anUnreachableUpstreamIsAnInputErrorAndWritesNothing() throws Exception {
        upstream.close();
        Cli.Result r = lock();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach 127.0.0.1").contains("schemas/ was not written");
        assertThat(repo.resolve("schemas")).doesNotExist();
    }
}
