package io.difyops.cli;

import io.difyops.chart.ReleaseCatalog;
import io.difyops.config.RepoConfig;
import io.difyops.upgrade.ChangeSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Shows what a change does to each environment it touches, against the merge-base.",
                "Per environment: the dify chart version and its upgrade path, changed images, changed values keys, the capacity",
                "before and after, and changed DifyEnvironment sizing fields. Environments the change leaves alone are not listed."})
final class DiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", paramLabel = "REF", description = "compare with the merge-base of REF and HEAD (default: baseBranch of .difyops.yaml, then origin/main, then main)")
    String base;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = "--offline", description = "never use the network: the release catalog is the repository's copy")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            Path root = repository.root();
            RepoConfig cfg = RepoConfig.load(root);
            io.difyops.config.Options o = CommandOptions.of(root, cfg, offline, base, null);
            io.difyops.model.Model now = new io.difyops.engine.Validator().model(o);
            io.difyops.model.Base b = CommandOptions.base(o, now, cfg);
            {
                ChangeSummary summary = ChangeSummary.of(now, b, ReleaseCatalog.load(root, offline, cfg.releaseCatalog()), root);
                String text = switch (output) {
                    case "text" -> summary.text();
                    case "markdown", "md" -> summary.markdown();
                    case "json" -> summary.json();
                    default -> throw new IllegalArgumentException("unknown output format '" + output + "' (use text, markdown or json)");
                };
                spec.commandLine().getOut().print(text);
            }
            return ExitCodes.CLEAN;
        } catch (IllegalArgumentException | RepoConfig.ConfigException | io.difyops.engine.UsageException | java.io.IOException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }
}
