package io.difyops.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartVersionTest {
    @Test
    void exactVersionsParseAndRangesDoNot() {
        assertThat(ChartVersion.parse("3.7.3")).isPresent();
        assertThat(ChartVersion.parse("v3.9.5-fix.1")).isPresent();
        for (String notExact : List.of("3.x", ">=3.7.0", "*", "3.7", "~3.7.3", "3.7.3 || 3.7.4", "")) {
            assertThat(ChartVersion.parse(notExact)).as(notExact).isEmpty();
        }
    }

    @Test
    void hotfixesCompareAsTheirBaseVersionAndPreReleasesSortFirst() {
        assertThat(ChartVersion.of("3.9.5-fix.1").compareTo(ChartVersion.of("3.9.5"))).isZero();
        assertThat(ChartVersion.of("3.9.5-fix.1").compareTo(ChartVersion.of("3.9.6"))).isNegative();
        assertThat(ChartVersion.of("3.13.0-rc1").compareTo(ChartVersion.of("3.13.0"))).isNegative();
        assertThat(ChartVersion.of("3.10.0").compareTo(ChartVersion.of("3.9.1"))).isPositive();
    }

    @Test
    void stopsBetweenTwoVersions() {
        ReleaseCatalog c = ReleaseCatalog.parse("""
                {"schemaVersion": 1, "releases": [
                  {"version": "3.8.0", "unskippable": true, "stopKinds": [{"kind": "migration", "label": "Database migration"}]},
                  {"version": "3.9.0", "unskippable": true},
                  {"version": "3.9.5-fix.1", "unskippable": false}]}
                """);
        assertThat(c.stopsBetween(ChartVersion.of("3.7.4"), ChartVersion.of("3.9.1"))).extracting(r -> r.version().toString())
                .containsExactly("3.8.0", "3.9.0");
        assertThat(c.stopsBetween(ChartVersion.of("3.7.4"), ChartVersion.of("3.8.0"))).isEmpty();
        assertThat(c.stopsBetween(ChartVersion.of("3.8.0"), ChartVersion.of("3.8.9"))).isEmpty();
        assertThat(c.all().get(0).reason()).isEqualTo("Database migration");
    }
}
