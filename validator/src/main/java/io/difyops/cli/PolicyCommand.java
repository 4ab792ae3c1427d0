package io.difyops.cli;

import io.difyops.chart.ReleaseCatalog;
import io.difyops.chart.UpgradePolicy;
import io.difyops.config.RepoConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Writes the management cluster's upgrade guard, an admission policy that refuses a skipped stop.",
                "The file " + UpgradePolicy.FILE + " is a ValidatingAdmissionPolicy generated from the release catalog: it refuses a",
                "dify upgrade over a Non-skippable stop the deployed release has not reached.",
                "--check: exit 1 when the committed file differs."})
final class PolicyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--check", description = "write nothing; exit 1 when the file is missing or differs")
    boolean check;

    @Option(names = "--offline", description = "the repository's copy of the catalog only")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            Path root = repository.root();
            RepoConfig cfg = RepoConfig.load(root);
            ReleaseCatalog catalog = ReleaseCatalog.load(root, offline || Boolean.TRUE.equals(cfg.offline()), cfg.releaseCatalog());
            String text = UpgradePolicy.yaml(catalog);
            Path file = root.resolve(UpgradePolicy.FILE);
            boolean same = Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text);
            long stops = catalog.all().stream().filter(ReleaseCatalog.Release::unskippable).count();
            if (check) {
                spec.commandLine().getOut().println(UpgradePolicy.FILE + (same ? " matches the catalog (" + stops + " stops)"
                        : " differs from the catalog: run difyops policy"));
                return same ? ExitCodes.CLEAN : ExitCodes.FINDINGS;
            }
            if (!same) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".policy", ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            spec.commandLine().getOut().println((same ? "unchanged " : "wrote ") + UpgradePolicy.FILE + " (" + stops + " Non-skippable stops)");
            return ExitCodes.CLEAN;
        } catch (IOException | IllegalArgumentException | RepoConfig.ConfigException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }
}
