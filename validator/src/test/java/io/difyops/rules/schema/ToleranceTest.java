package io.difyops.rules.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flux {@code ${VAR}} substitutions and SOPS-encrypted documents. */
class ToleranceTest {
    @TempDir
    Path repo;


    static final String FLUX_KS = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 10m
              path: ./apps
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
              postBuild:
                substitute: {SIZE: "3"}
            """;

    private void write(String name, String text) throws Exception {
        Path p = repo.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Cli.Result validate(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "validate";
        args[1] = "--ignore-missing-schemas";
        args[2] = "--output=text";
        args[3] = "--disable=flux-reference";   // the Flux Kustomizations here name a source outside the test
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 1] = repo.toString();
        return Cli.run(args);
    }

    @Test
    void substitutionsAreToleratedWherePostBuildSubstitutes() throws Exception {
        write("crds/w.yaml", Widgets.CRD);
        write("clusters/apps.yaml", FLUX_KS);
        write("apps/w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w-${ENV}\nspec:\n  size: ${SIZE}\n");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void substitutionsAreErrorsWhereNothingSubstitutes() throws Exception {
        write("crds/w.yaml", Widgets.CRD);
        write("clusters/apps.yaml", FLUX_KS);
        write("other/w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: ${SIZE}\n");
        Cli.Result r = validate();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("other/w.yaml:6:3: error [schema] /spec/size");
    }

    @Test
    void anObjectCanOptOutOfSubstitution() throws Exception {
        write("crds/w.yaml", Widgets.CRD);
        write("clusters/apps.yaml", FLUX_KS);
        write("apps/w.yaml", """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                  annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}
                spec:
                  size: ${SIZE}
                """);
        assertThat(validate().code()).isEqualTo(1);
    }

    @Test
    void sopsDocumentsAreRecognisedAndTheirEncryptedValuesNotChecked() throws Exception {
        write("crds/w.yaml", Widgets.CRD);
        write("sops.yaml", """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: secret-widget
                data:
                  token: ENC[AES256_GCM,data:5d9WYyV8eyrOhF/m,iv:wuxE+q4pB+2cXBLcOy4/eZFSteLXJJDEI001UFAPd3A=,tag:EyM2zosBOv5/DnZMUqyNJg==,type:str]
                sops:
                  lastmodified: "2026-04-25T17:19:51Z"
                  mac: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]
                  version: 3.10.2
                """);
        // Outside a difyops repository SOPS documents are validated as they are, as flux-schema does ...
        Cli.Result plain = validate();
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.out()).contains("/sops").contains("/data/token");
        // ... unless told, with flux-schema's flag; the encrypted value is still a string of the wrong shape.
        assertThat(validate("--skip-json-path", "Widget:/sops").out()).doesNotContain("/sops:");
        // Inside one, they are recognised; --no-sops turns that off.
        write(".difyops.yaml", "ignore: []\n");
        assertThat(validate().code()).isZero();
        assertThat(validate("--no-sops").code()).isEqualTo(1);
    }
}
