package io.difyops.rules.sizing;

import io.difyops.sizing.Allocatable;
import io.difyops.sizing.Cidr;
import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.chart.ChartLock;
import io.difyops.load.Json;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.node.ObjectNode;

/** Property tests (jqwik) for the CIDR and capacity arithmetic the sizing rules rely on. */
class ArithmeticPropertiesTest {

    @Provide
    Arbitrary<Cidr> cidrs() {
        return Combinators.combine(Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.integers().between(0, 32))
                .as((ip, prefix) -> Cidr.parse(((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255) + "/" + prefix)
                        .orElseThrow());
    }

    @Property
    void aBlockContainsItselfAndRoundTripsThroughText(@ForAll("cidrs") Cidr c) {
        assertThat(c.contains(c)).isTrue();
        assertThat(c.overlaps(c)).isTrue();
        assertThat(Cidr.parse(c.toString())).contains(c);
        assertThat(c.first()).isLessThanOrEqualTo(c.last());
        assertThat(c.last() - c.first() + 1).isEqualTo(1L << (32 - c.prefix()));
    }

    @Property
    void bothHalvesOfASplitAreInsideAndDoNotOverlap(@ForAll("cidrs") Cidr c) {
        if (c.prefix() == 32) {
            return;
        }
        Cidr low = new Cidr(c.network(), c.prefix() + 1);
        Cidr high = new Cidr(c.network() | (1L << (31 - c.prefix())), c.prefix() + 1);
        assertThat(c.contains(low)).isTrue();
        assertThat(c.contains(high)).isTrue();
        assertThat(low.overlaps(high)).isFalse();
        assertThat(low.contains(c)).isFalse();
    }

    @Property
    void overlapIsSymmetricAndContainmentImpliesIt(@ForAll("cidrs") Cidr a, @ForAll("cidrs") Cidr b) {
        assertThat(a.overlaps(b)).isEqualTo(b.overlaps(a));
        if (a.contains(b)) {
            assertThat(a.overlaps(b)).isTrue();
            assertThat(a.prefix()).isLessThanOrEqualTo(b.prefix());
        }
        if (a.overlaps(b)) {
            assertThat(a.contains(b) || b.contains(a)).as("CIDR blocks either nest or are disjoint").isTrue();
        }
    }

    @Property
    void reservationsGrowWithTheNodeButStayBelowIt(@ForAll @IntRange(min = 1, max = 256) int cores, @ForAll @IntRange(min = 1, max = 1024) int gib) {
        assertThat(Allocatable.reservedCpuMillis(cores)).isLessThan(cores * 1000L).isLessThanOrEqualTo(Allocatable.reservedCpuMillis(cores + 1));
        assertThat(Allocatable.reservedMemoryMiB(gib)).isLessThan(gib * 1024L).isLessThanOrEqualTo(Allocatable.reservedMemoryMiB(gib + 1));
        Allocatable.Resources node = Allocatable.perNode(new Allocatable.InstanceType("t", cores, gib, "test"));
        assertThat(node.cpuMillis()).isPositive();
        assertThat(node.memoryMiB()).isPositive();
    }

    @Property
    void demandIsReplicasTimesRequestsAndSupplyIsOneNodeLess(@ForAll @IntRange(min = 0, max = 50) int replicas,
                                                             @ForAll @IntRange(min = 1, max = 8000) int cpuMillis,
                                                             @ForAll @IntRange(min = 1, max = 16384) int memMi,
                                                             @ForAll @IntRange(min = 1, max = 100) int nodes) {
        ChartLock lock = new ChartLock("dify", "1.0.0", "", "", "", Map.of(), List.of(), Map.of("api", Json.MAPPER.createObjectNode()), List.of());
        ObjectNode values = Json.MAPPER.createObjectNode();
        ObjectNode api = values.putObject("api");
        api.put("replicas", replicas);
        api.putObject("resources").putObject("requests").put("cpu", cpuMillis + "m").put("memory", memMi + "Mi");
        Allocatable.InstanceType type = Allocatable.type("ecs.u1-c1m4.2xlarge").orElseThrow();
        io.difyops.sizing.CapacityFit fit = io.difyops.sizing.CapacityFit.of(lock, values, type, nodes);
        assertThat(fit.demand().cpuMillis()).isEqualTo((long) replicas * cpuMillis);
        assertThat(fit.demand().memoryMiB()).isEqualTo((long) replicas * memMi);
        assertThat(fit.supply()).isEqualTo(Allocatable.perNode(type).times(nodes - 1L));
    }

    @Property
    void quantitiesParseInTheirUnits(@ForAll @IntRange(min = 0, max = 100000) int n) {
        assertThat(Allocatable.cpuMillis(n + "m")).isEqualTo(n);
        assertThat(Allocatable.cpuMillis(String.valueOf(n))).isEqualTo(n * 1000L);
        assertThat(Allocatable.memoryMiB(n + "Mi")).isEqualTo(n);
        assertThat(Allocatable.memoryMiB(n + "Gi")).isEqualTo(n * 1024L);
    }
}
