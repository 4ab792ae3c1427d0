package io.difyops.cli;

import io.difyops.chart.ReleaseCatalog;
import io.difyops.cluster.ClusterConnection;
import io.difyops.cluster.LiveState;
import io.difyops.cluster.StatusTable;
import io.difyops.config.RepoConfig;
import io.difyops.model.Model;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows what the management cluster runs beside what git says, per environment.",
                "The DifyEnvironment's conditions, the HelmRelease's deployed chart version (status.history) against git's, the",
                "Non-skippable stops still to pass, and the readiness of the Flux Kustomizations that apply it. Read only.",
                "Exit code 0: shown; 2: the repository or the cluster cannot be read."})
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = "--offline", description = "the release catalog is the repository's copy (the cluster is still read)")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            if (!output.equals("text") && !output.equals("json")) {
                throw new IllegalArgumentException("unknown output format '" + output + "' (use text or json)");
            }
            Path root = repository.root();
            RepoConfig cfg = RepoConfig.load(root);
            Model model = new io.difyops.engine.Validator().model(CommandOptions.of(root, cfg, offline, null, null));
            ReleaseCatalog catalog = ReleaseCatalog.load(root, offline || Boolean.TRUE.equals(cfg.offline()), cfg.releaseCatalog());
            try (KubernetesClient client = ClusterConnection.open(cluster.kubeconfig, cluster.context)) {
                LiveState state = LiveState.read(client, model, catalog);
                spec.commandLine().getOut().print(output.equals("json") ? StatusTable.json(state) : StatusTable.text(state, ClusterConnection.describe(client)));
                spec.commandLine().getOut().flush();
            }
            return ExitCodes.CLEAN;
        } catch (KubernetesClientException e) {
            spec.commandLine().getErr().println("difyops: the management cluster cannot be read: " + Messages.of(e));
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException | RepoConfig.ConfigException | io.difyops.engine.UsageException | java.io.IOException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }
}
