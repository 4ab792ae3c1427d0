package io.difyops.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client for the management cluster: the kubeconfig's context (the current one unless named), from
 * {@code --kubeconfig FILE}, else {@code KUBECONFIG}, else {@code ~/.kube/config}, as kubectl finds it.
 */
public final class ClusterConnection {
    private ClusterConnection() {
    }

    /** @throws IllegalArgumentException with a message for a person when the kubeconfig or the context cannot be used */
    public static KubernetesClient open(Path kubeconfig, String context) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw new IllegalArgumentException("the kubeconfig " + kubeconfig + " is not a readable file");
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new IllegalArgumentException("the kubeconfig has no context '" + context + "'" + contexts(config));
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new IllegalArgumentException("no cluster to talk to: no kubeconfig (--kubeconfig, KUBECONFIG or ~/.kube/config)");
        }
        config.setRequestTimeout(20_000);
        config.setConnectionTimeout(10_000);
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static String contexts(Config config) {
        var names = config.getContexts() == null ? java.util.List.<String>of()
                : config.getContexts().stream().map(c -> c.getName()).toList();
        return names.isEmpty() ? "" : " (it has: " + String.join(", ", names) + ")";
    }

    /** Where the client talks to, for a header: the context's name and the API server. */
    public static String describe(KubernetesClient client) {
        Config c = client.getConfiguration();
        return (c.getCurrentContext() == null ? "" : "context " + c.getCurrentContext().getName() + ", ") + c.getMasterUrl();
    }
}
