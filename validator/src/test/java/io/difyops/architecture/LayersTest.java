package io.difyops.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator's packages point one way, from the bottom up:
 *
 * <pre>
 * diag, net          findings, severities, rule metadata; HTTP
 * load               files → YAML documents → resources (and the findings made while reading)
 * config, kustomize, schema, cel, chart, git      what the loader and the rules build on
 * sizing, schemalock arithmetic of sizes; the schema lock
 * model              the repository loaded once (now and at the base), its Dify releases and environments
 * rules, upgrade     the checks; bump and diff
 * engine             wiring: model → schemas → rules → report
 * report             one writer per format
 * cli                picocli commands
 * </pre>
 *
 * A package may use only packages below it. This test fails on an upward import.
 */
class LayersTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.difyops");
    }

    @Test
    void packagesDependOnlyOnPackagesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("diag").definedBy("io.difyops.diag..")
                .layer("net").definedBy("io.difyops.net..")
                .layer("load").definedBy("io.difyops.load..")
                .layer("config").definedBy("io.difyops.config..")
                .layer("kustomize").definedBy("io.difyops.kustomize..")
                .layer("schema").definedBy("io.difyops.schema..")
                .layer("cel").definedBy("io.difyops.cel..")
                .layer("chart").definedBy("io.difyops.chart..")
                .layer("git").definedBy("io.difyops.git..")
                .layer("sizing").definedBy("io.difyops.sizing..")
                .layer("schemalock").definedBy("io.difyops.schemalock..")
                .layer("model").definedBy("io.difyops.model..")
                .layer("rules").definedBy("io.difyops.rules..")
                .layer("upgrade").definedBy("io.difyops.upgrade..")
                .layer("render").definedBy("io.difyops.render..")
                .layer("engine").definedBy("io.difyops.engine..")
                .layer("report").definedBy("io.difyops.report..")
                .layer("cli").definedBy("io.difyops.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("report", "cli")
                .whereLayer("upgrade").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("render").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("rules").mayOnlyBeAccessedByLayers("engine", "report", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("rules", "upgrade", "render", "engine", "report", "cli")
                .whereLayer("schemalock").mayOnlyBeAccessedByLayers("model", "rules", "upgrade", "engine", "report", "cli")
                .whereLayer("sizing").mayOnlyBeAccessedByLayers("model", "rules", "upgrade", "engine", "report", "cli")
                .whereLayer("git").mayOnlyBeAccessedByLayers("schemalock", "model", "rules", "upgrade", "engine", "cli")
                .whereLayer("chart").mayOnlyBeAccessedByLayers("sizing", "schemalock", "model", "rules", "upgrade", "engine", "cli")
                .whereLayer("cel").mayOnlyBeAccessedByLayers("model", "rules", "upgrade", "render", "engine", "cli")
                .whereLayer("schema").mayOnlyBeAccessedByLayers("schemalock", "model", "rules", "upgrade", "render", "engine", "cli")
                .whereLayer("kustomize").mayOnlyBeAccessedByLayers("model", "rules", "upgrade", "engine", "cli")
                .whereLayer("config").mayOnlyBeAccessedByLayers("schemalock", "model", "rules", "upgrade", "engine", "report", "cli")
                .whereLayer("load").mayOnlyBeAccessedByLayers("config", "kustomize", "schema", "cel", "chart", "git", "sizing",
                        "schemalock", "model", "rules", "upgrade", "render", "engine", "report", "cli")
                .whereLayer("net").mayOnlyBeAccessedByLayers("schema", "chart", "schemalock", "model", "engine", "cli")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.difyops.(*)..").should().beFreeOfCycles().check(classes);
    }
}
