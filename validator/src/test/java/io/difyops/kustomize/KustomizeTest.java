package io.difyops.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Rendering with the real {@code kubectl kustomize} (or {@code kustomize}) installed on the machine. */
class KustomizeTest {
    @TempDir
    Path repo;


    @BeforeEach
    void needsKustomize() {
        assumeTrue(KustomizeRenderer.find() != null, "neither kustomize nor kubectl is installed; skipped");
    }

    private void write(String name, String text) throws Exception {
        Path p = repo.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Cli.Result validate() {
        return Cli.run("validate", "--output", "json", "--ignore-missing-schemas", repo.toString());
    }

    @Test
    void renderedObjectsReportTheirSourceFileLines() throws Exception {
        write("crds/widget.yaml", Widgets.CRD);
        write("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [widget.yaml]\n");
        write("app/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: \"big\"\n");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        JsonNode f = r.json().path("findings").get(0);
        assertThat(f.path("rule").asString()).isEqualTo("schema");
        assertThat(f.path("file").asString()).isEqualTo("app/widget.yaml");
        assertThat(f.path("line").asInt()).isEqualTo(6);
        assertThat(r.json().path("summary").path("resources").asInt()).isEqualTo(2);
    }

    @Test
    void transformedObjectsAreValidatedAsRenderedButStillPointAtTheirFile() throws Exception {
        write("crds/widget.yaml", Widgets.CRD);
        write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [widget.yaml]\n");
        write("base/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n");
        write("prod/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: prod
                resources: [../base]
                patches:
                  - path: widget-patch.yaml
                """);
        write("prod/widget-patch.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  colour: 7\n");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        List<String> where = r.json().path("findings").findValuesAsString("file");
        assertThat(where).contains("prod/widget-patch.yaml");
        JsonNode patchFinding = r.json().path("findings").valueStream()
                .filter(f -> f.path("file").asString().equals("prod/widget-patch.yaml")).findFirst().orElseThrow();
        assertThat(patchFinding.path("line").asInt()).isEqualTo(6);
        assertThat(patchFinding.path("message").asString()).contains("/spec/colour");
    }

    @Test
    void patchesAreValidatedAsPatchesNotWholeObjects() throws Exception {
        write("crds/widget.yaml", Widgets.CRD);
        write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [widget.yaml]\npatches:\n  - path: patch.yaml\n");
        write("base/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n");
        write("base/patch.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  colour: blue\n");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isZero();
    }

    @Test
    void helmValuesFromAConfigMapGeneratorAreNotManifests() throws Exception {
        write("values/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                configMapGenerator:
                  - name: dify-values
                    files: [values.yaml=values.yaml]
                generatorOptions:
                  disableNameSuffixHash: true
                """);
        write("values/values.yaml", "api:\n  replicas: 2\n");
        Cli.Result r = validate();
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.json().path("summary").path("resources").asInt()).isEqualTo(1);
    }

    @Test
    void aBrokenKustomizationIsReportedAndItsFilesStillChecked() throws Exception {
        write("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [missing.yaml, ns.yaml]\n");
        write("app/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Bad_Name\n");
        Cli.Result r = validate();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.json().path("findings").findValuesAsString("rule")).contains("kustomize-build", "metadata-name");
    }
}
