package io.difyops.sizing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker node can give pods: the instance type's capacity (from {@code instance-types.tsv},
 * each row with its source) minus ACK's system reservation and the kubelet's eviction threshold.
 * Reservation (ACK resource reservation policy,
 * https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/resource-reservation-policy):
 * CPU 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above; memory 25% of the
 * first 4 GiB, 20% of the next 4, 10% of the next 8, 6% up to 128 GiB, 2% above; eviction at 100 MiB.
 */
public final class Allocatable {
    /** Millicores and MiB. */
    public record Resources(long cpuMillis, long memoryMiB) {
        public Resources plus(Resources o) {
            return new Resources(cpuMillis + o.cpuMillis, memoryMiB + o.memoryMiB);
        }

        public Resources times(long n) {
            return new Resources(cpuMillis * n, memoryMiB * n);
        }
    }

    /** An instance type's capacity, its CPU architecture, and where its family is documented. */
    public record InstanceType(String name, int vcpu, int memoryGiB, String arch, String source) {
        public InstanceType(String name, int vcpu, int memoryGiB, String source) {
            this(name, vcpu, memoryGiB, "amd64", source);
        }
    }

    /** A family: GiB per vCPU, architecture, class, source. */
    record Family(String name, int gibPerVcpu, String arch, String kind, String source) {
    }

    static final Map<String, Family> FAMILIES = load();
    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("^ecs\\.([a-z0-9-]+)\\.(large|xlarge|([1-9][0-9]*)xlarge)$");

    private Allocatable() {
    }

    private static Map<String, Family> load() {
        Map<String, Family> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                Allocatable.class.getResourceAsStream("instance-families.tsv")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                out.put(f[0], new Family(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The type's capacity from its family and size ({@code ecs.g7.2xlarge}: 8 vCPU, 32 GiB), if its family is known. */
    public static Optional<InstanceType> type(String name) {
        java.util.regex.Matcher m = TYPE.matcher(name);
        if (!m.matches() || !FAMILIES.containsKey(m.group(1))) {
            return Optional.empty();
        }
        Family f = FAMILIES.get(m.group(1));
        int vcpu = m.group(2).equals("large") ? 2 : m.group(3) == null ? 4 : 4 * Integer.parseInt(m.group(3));
        return Optional.of(new InstanceType(name, vcpu, vcpu * f.gibPerVcpu(), f.arch(), f.source()));
    }

    /** The families the gate knows, for messages. */
    public static java.util.Set<String> families() {
        return FAMILIES.keySet();
    }

    /** Reserved millicores for a node with {@code cores} vCPUs. */
    public static long reservedCpuMillis(int cores) {
        double r = 0;
        r += Math.min(cores, 1) * 0.06;
        r += Math.max(0, Math.min(cores, 2) - 1) * 0.01;
        r += Math.max(0, Math.min(cores, 4) - 2) * 0.005;
        r += Math.max(0, cores - 4) * 0.0025;
        return Math.round(r * 1000);
    }

    /** Reserved MiB (system reservation and eviction threshold) for a node with {@code gib} GiB. */
    public static long reservedMemoryMiB(int gib) {
        double g = gib;
        double r = Math.min(g, 4) * 0.25 + Math.max(0, Math.min(g, 8) - 4) * 0.20 + Math.max(0, Math.min(g, 16) - 8) * 0.10
                + Math.max(0, Math.min(g, 128) - 16) * 0.06 + Math.max(0, g - 128) * 0.02;
        return Math.round(r * 1024) + 100;
    }

    public static Resources perNode(InstanceType t) {
        return new Resources(t.vcpu() * 1000L - reservedCpuMillis(t.vcpu()), t.memoryGiB() * 1024L - reservedMemoryMiB(t.memoryGiB()));
    }

    /** A Kubernetes CPU quantity in millicores ({@code 500m}, {@code 2}, {@code 1.5}). */
    public static long cpuMillis(String q) {
        String s = q.trim();
        if (s.endsWith("m")) {
            return Long.parseLong(s.substring(0, s.length() - 1));
        }
        return Math.round(Double.parseDouble(s) * 1000);
    }

    /** A Kubernetes memory quantity in MiB ({@code 512Mi}, {@code 2Gi}, {@code 1G}, bytes). */
    public static long memoryMiB(String q) {
        String s = q.trim();
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
            {"k", "1000"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                double bytes = Double.parseDouble(s.substring(0, s.length() - u[0].length())) * Double.parseDouble(u[1]);
                return (long) Math.ceil(bytes / 1048576d);
            }
        }
        return (long) Math.ceil(Double.parseDouble(s) / 1048576d);
    }
}
