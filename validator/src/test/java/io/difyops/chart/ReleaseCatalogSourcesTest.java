package io.difyops.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Repo;
import java.nio.file.Files;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The repository's release catalog says where each stop comes from, when it was read, and whether it is confirmed. */
class ReleaseCatalogSourcesTest {
    @Test
    void everyStopNamesItsSourceTheDateReadAndWhetherReleaseNotesConfirmIt() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(Files.readString(Repo.root().resolve(ReleaseCatalog.REPOSITORY_COPY)));
        assertThat(catalog.path("source").asString()).doesNotContain("repository copy of https://ee.dify.ai").contains("starts at 3.9.0");
        assertThat(catalog.path("releases")).isNotEmpty();
        for (JsonNode r : catalog.path("releases")) {
            String v = r.path("version").asString();
            assertThat(r.path("sources")).as(v).isNotEmpty();
            for (JsonNode s : r.path("sources")) {
                assertThat(s.path("repository").asString()).as(v).isNotBlank();
                assertThat(s.path("path").asString()).as(v).isNotBlank();
                assertThat(s.path("kind").asString()).as(v).isNotBlank();
            }
            assertThat(LocalDate.parse(r.path("readOn").asString())).as(v).isBeforeOrEqualTo(LocalDate.of(2026, 12, 31));
            assertThat(r.path("confirmedByReleaseNotes").isBoolean()).as(v).isTrue();
            if (!r.path("confirmedByReleaseNotes").asBoolean()) {
                assertThat(r.path("stopSummary").asString()).as(v).containsAnyOf("unconfirmed", "not yet confirmed");
            }
        }
        // what the gate reads from it is unchanged by the provenance fields
        assertThat(ReleaseCatalog.load(Repo.root(), true, "off").all()).extracting(r -> r.version().toString())
                .contains("3.8.0", "3.9.0", "3.10.0", "3.11.0");
    }
}
