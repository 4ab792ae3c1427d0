package io.difyops.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.config.Options;
import io.difyops.engine.Validator;
import io.difyops.load.Limits;
import io.difyops.schema.SchemaFetcher;
import io.difyops.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model's views of this repository: a release's values files and which file sets each key; an environment with the XRD's defaults. */
class ModelViewsTest {
    static Model model;

    @BeforeAll
    static void load() throws Exception {
        Options o = new Options(Repo.root(), List.of(Repo.root()), List.of(), true, true, List.of(), List.of(), true, true,
                List.of(".github/", "validator/", "charts-values/dify-releases.json", "charts-values/locks/", "schemas/"), Map.of(),
                SchemaFetcher.defaultCacheDir(), Limits.DEFAULT, true, List.of(), Options.Upgrade.NONE);
        model = new Validator().model(o);
    }

    @Test
    void aReleaseReadsTheSharedValuesItsVectorStoreAndItsOwnInThatOrder() {
        DifyRelease prod = model.release("prod").orElseThrow();
        assertThat(prod.directory()).isEqualTo("clusters/prod");
        assertThat(prod.versionText()).isEqualTo("3.7.3");
        assertThat(prod.valuesFiles()).extracting(DifyRelease.ValuesFile::file).containsExactly("charts-values/base/values.yaml",
                "clusters/components/vector-tablestore/values.yaml", "charts-values/prod/values.yaml");
        Map<String, String> sources = prod.keySources();
        assertThat(sources.get("api.replicas")).isEqualTo("charts-values/base/values.yaml");
        assertThat(sources.get("api.image.tag")).isEqualTo("charts-values/prod/values.yaml");
        assertThat(sources.get("api.extraEnv")).isEqualTo("clusters/components/vector-tablestore/values.yaml");
        assertThat(prod.mergedValues().at("/api/replicas").asInt()).isEqualTo(4);
        assertThat(prod.chartSource(null)).contains("https://langgenius.github.io/dify-helm");
        DifyRelease staging = model.release("staging").orElseThrow();
        assertThat(staging.mergedValues().at("/vectorDB/externalType").asString()).isEqualTo("analyticdb");
        assertThat(staging.mergedValues().at("/api/extraEnv").size()).isZero();
    }

    @Test
    void anEnvironmentCarriesTheXrdsDefaults() {
        DifyEnvironment prod = model.environment("prod").orElseThrow();
        assertThat(prod.resource().file()).isEqualTo("crossplane/environments/prod/difyenvironment.yaml");
        // prod does not write AnalyticDB's size (it uses Tablestore); the XRD's default is the one-click template's.
        assertThat(prod.resource().node().at("/spec/vectorStore/analyticdb").isMissingNode()).isTrue();
        assertThat(prod.spec().at("/vectorStore/analyticdb/spec").asString()).isEqualTo("8C32G");
        assertThat(prod.spec().at("/vectorStore/analyticdb/segmentStorageGb").asInt()).isEqualTo(100);
        assertThat(prod.spec().at("/network/plugin").asString()).isEqualTo("terway");
    }
}
