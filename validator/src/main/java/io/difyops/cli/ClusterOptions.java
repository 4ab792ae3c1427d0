package io.difyops.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --context NAME} and {@code --kubeconfig FILE}: which management cluster (a picocli mixin). */
final class ClusterOptions {
    @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context of the management cluster (default: the current one)")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "the kubeconfig (default: KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;
}
