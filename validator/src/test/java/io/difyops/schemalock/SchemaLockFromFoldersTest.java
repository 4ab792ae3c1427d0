package io.difyops.schemalock;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Repo;
import io.difyops.testing.Shared;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code difyops schemas lock --from DIR}: the lock from local folders of CRDs (air-gapped sites, mirrors, CI here). */
class SchemaLockFromFoldersTest {
    @TempDir
    Path tmp;
    Path repo;
    Path crds;
    Path core;

    @BeforeEach
    void setUp() throws Exception {
        crds = Shared.reference("crds");
        core = Shared.reference("k8s-schemas/yannh-master-standalone");
        repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
        for (String dir : List.of("clusters", "charts-values", "crossplane")) {
            Repo.copy(Repo.root().resolve(dir), repo.resolve(dir));
        }
        Files.copy(Repo.root().resolve(".difyops.yaml"), repo.resolve(".difyops.yaml"));
    }

    private Cli.Result lock(Path crdDir, String... extra) {
        String[] args = new String[7 + extra.length];
        System.arraycopy(new String[] {"schemas", "lock", "--repo=" + repo, "--from", crdDir.toString(), "--from", core.toString()}, 0, args, 0, 7);
        System.arraycopy(extra, 0, args, 7, extra.length);
        return Cli.run(args);
    }

    @Test
    void theReferenceFoldersGiveExactlyTheCommittedLockByteForByte() throws Exception {
        Cli.Result r = lock(crds);
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Path> written = SchemaLock.schemaFiles(repo);
        Map<String, Path> committed = SchemaLock.schemaFiles(Repo.root());
        assertThat(written.keySet()).isEqualTo(committed.keySet());
        for (String f : written.keySet()) {
            assertThat(Files.readAllBytes(written.get(f))).as(f).isEqualTo(Files.readAllBytes(committed.get(f)));
        }
        assertThat(Files.readString(repo.resolve("schemas/lock.yaml"))).isEqualTo(Files.readString(Repo.root().resolve("schemas/lock.yaml")));
        assertThat(lock(crds, "--check").code()).isZero();
    }

    @Test
    void versionedFoldersServeOnlyTheirVersion() throws Exception {
        assertThat(lock(crds).code()).isZero();
        SchemaLock lock = SchemaLock.readOrNull(repo);
        SchemaLock.Source flux = lock.byKey().get("flux|flux|v2.9.0");
        assertThat(flux.read()).isNotEmpty().allSatisfy(r -> assertThat(r.url()).startsWith("from:crds/flux/"));
        SchemaLock.Source crossplane = lock.byKey().get("helm-chart|crossplane|2.3.4");
        assertThat(crossplane.read()).isNotEmpty().allSatisfy(r -> assertThat(r.url()).startsWith("from:crds/crossplane/"));
        SchemaLock.Source asm = lock.byKey().get("helm-chart|ack-secret-manager|0.6.7");
        assertThat(asm.read()).isNotEmpty().allSatisfy(r -> assertThat(r.url()).startsWith("from:crds/ack-secret-manager/"));

        // Pinning Flux 2.7 takes the flux-v2.7 folder instead.
        Files.writeString(repo.resolve(".difyops.yaml"), Files.readString(repo.resolve(".difyops.yaml")).replace("fluxVersion: v2.9.0",
                "fluxVersion: v2.7.5"));
        assertThat(lock(crds).code()).isZero();
        SchemaLock.Source old = SchemaLock.readOrNull(repo).byKey().get("flux|flux|v2.7.5");
        assertThat(old.read()).isNotEmpty().allSatisfy(r -> assertThat(r.url()).startsWith("from:crds/flux-v2.7/"));
        assertThat(old.kinds()).extracting(SchemaLock.Kind::apiVersion).contains("helm.toolkit.fluxcd.io/v2beta2");
    }

    @Test
    void oneChangedByteInAFolderFailsTheCheck() throws Exception {
        Path copy = tmp.resolve("crds");
        Repo.copy(crds, copy);
        assertThat(lock(copy).code()).isZero();
        Path f = copy.resolve("alibaba/provider-upjet-alibabacloud/tair.alibabacloud.crossplane.io_instances.yaml");
        byte[] bytes = Files.readAllBytes(f);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("description: ");
        bytes[at + 13] = (byte) (bytes[at + 13] == 'X' ? 'Y' : 'X');
        Files.write(f, bytes);
        Cli.Result check = lock(copy, "--check");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.err()).contains("provider-alibabacloud-tair v1.2.0: from:crds/alibaba/provider-upjet-alibabacloud/"
                + "tair.alibabacloud.crossplane.io_instances.yaml now has sha256");
    }

    @Test
    void aCoreKindWithoutASchemaInTheFoldersIsNamed() throws Exception {
        Cli.Result r = Cli.run("schemas", "lock", "--repo=" + repo, "--from", crds.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("kubernetes v1.33.3").contains("no JSON Schema configmap-v1.json");
        assertThat(repo.resolve("schemas")).doesNotExist();
    }
}
