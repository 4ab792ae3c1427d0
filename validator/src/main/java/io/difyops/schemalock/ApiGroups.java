package io.difyops.schemalock;

import java.util.Map;
import java.util.Set;

/**
 * Which API groups a source serves, for reading sources from local folders ({@code --from}), where
 * no package contents say so. Online, a package's own package.yaml decides and this is not used.
 *
 * <ul>
 *   <li>Flux: the {@code *.toolkit.fluxcd.io} groups.</li>
 *   <li>The Crossplane chart: Crossplane's core groups, which its init container installs
 *       (docs.crossplane.io, "Crossplane Pods").</li>
 *   <li>Upjet provider families: {@code provider-<family>-<service>} serves
 *       {@code <service>.<family>.*}; the family's config package {@code provider-family-<family>}
 *       serves {@code <family>.*} (its ProviderConfig).</li>
 *   <li>Other packages and charts by name, each checked against the upstream file that defines it
 *       (listed beside the entry).</li>
 * </ul>
 */
final class ApiGroups {
    private static final Set<String> CROSSPLANE_CORE = Set.of("apiextensions.crossplane.io", "pkg.crossplane.io",
            "ops.crossplane.io", "protection.crossplane.io");

    private static final Map<String, Set<String>> BY_NAME = Map.of(
            // crossplane-contrib/provider-terraform v1.1.1: package/crds/tf.upbound.io_*.yaml and tf.m.upbound.io_*.yaml
            "provider-terraform", Set.of("tf.upbound.io", "tf.m.upbound.io"),
            // crossplane-contrib/function-patch-and-transform: package/input/pt.fn.crossplane.io_resources.yaml
            "function-patch-and-transform", Set.of("pt.fn.crossplane.io"),
            // crossplane-contrib/function-cel-filter: package/input/cel.fn.crossplane.io_filters.yaml
            "function-cel-filter", Set.of("cel.fn.crossplane.io"),
            // AliyunContainerService/ack-secret-manager: charts/ack-secret-manager/templates/*-crd.yaml
            "ack-secret-manager", Set.of("alibabacloud.com"));

    private ApiGroups() {
    }

    static boolean owns(Pin pin, String group) {
        String n = pin.shortName();
        switch (pin.type()) {
            case FLUX:
                return group.endsWith(".toolkit.fluxcd.io");
            case KUBERNETES:
                return Pins.isCoreGroup(group);
            case CHART:
                if ("crossplane".equals(n)) {
                    return CROSSPLANE_CORE.contains(group);
                }
                return BY_NAME.getOrDefault(n, Set.of()).contains(group);
            case PACKAGE:
            default:
                if (BY_NAME.containsKey(n)) {
                    return BY_NAME.get(n).contains(group);
                }
                if (n.startsWith("provider-family-")) {
                    String family = n.substring("provider-family-".length());
                    return group.startsWith(family + ".");
                }
                String[] parts = n.split("-", 3);
                if (parts.length == 3 && parts[0].equals("provider")) {
                    return group.startsWith(parts[2] + "." + parts[1] + ".");
                }
                return false;
        }
    }

    /**
     * The config package an Upjet family member depends on, by the family convention (the same
     * registry path and tag), or null for a package outside a family.
     */
    static String familyOf(Pin pin) {
        String n = pin.shortName();
        String[] parts = n.split("-", 3);
        if (pin.type() != Pin.Type.PACKAGE || parts.length != 3 || !parts[0].equals("provider") || parts[1].equals("family")
                || BY_NAME.containsKey(n)) {
            return null;
        }
        String prefix = pin.name().substring(0, pin.name().length() - n.length());
        return prefix + "provider-family-" + parts[1];
    }
}
