package io.difyops.cli;

import io.difyops.chart.ChartArchive;
import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartRepository;
import io.difyops.chart.ChartVersion;
import io.difyops.config.RepoConfig;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.schema.SchemaFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// No standard help mixin: its -V/--version would take the chart's --version (picocli then asked for --version on lock --help).
@Command(name = "lock",
        description = {"Writes the chart lock of one dify chart version (charts-values/locks/dify-<version>.lock.yaml).",
                "Read from the real chart (or, unverified, from a values file).",
                "Exit code 0 when written, 2 when the chart cannot be read."})
final class LockCommand implements Callable<Integer> {
    static final String DEFAULT_REPOSITORY = "https://langgenius.github.io/dify-helm";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the exact dify chart version")
    String version;

    @Option(names = "--chart-source", paramLabel = "URL|DIR", description = "Helm repository URL or directory (default: chartSource of .difyops.yaml, else " + DEFAULT_REPOSITORY + ")")
    String chartSource;

    @Option(names = "--from-values", paramLabel = "FILE", description = "build an unverified lock from the chart's default values file (no archive digest); `validate` checks it against the real chart when online")
    Path fromValues;

    @Option(names = "--offline", description = "never use the network")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            ChartVersion.parse(version).orElseThrow(() -> new IllegalArgumentException("--version must be one exact version, not " + version));
            Path root = repository.root();
            ChartLock lock = build(root);
            Path file = ChartLock.file(root, "dify", version);
            lock.write(file);
            spec.commandLine().getOut().println("wrote " + root.relativize(file) + " (" + lock.images().size() + " image settings, "
                    + lock.keys().size() + " value keys" + (lock.digest().isEmpty() ? ", unverified: no archive digest" : "") + ")");
            return ExitCodes.CLEAN;
        } catch (IOException | IllegalArgumentException | RepoConfig.ConfigException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }

    private ChartLock build(Path root) throws IOException, RepoConfig.ConfigException {
        if (fromValues != null) {
            Findings problems = new Findings();
            var docs = new YamlReader(Limits.DEFAULT, false).read(fromValues.toString(), Files.readString(fromValues), problems);
            if (docs.isEmpty()) {
                throw new IOException(fromValues + " holds no values");
            }
            return ChartLock.of(new ChartArchive("dify", version, "", docs.get(0).root()), DEFAULT_REPOSITORY, "");
        }
        RepoConfig cfg = RepoConfig.load(root);
        String source = chartSource != null ? ValidateCommand.anchor(chartSource, Path.of("").toAbsolutePath())
                : cfg.chartSource() != null ? ValidateCommand.anchor(cfg.chartSource(), root) : DEFAULT_REPOSITORY;
        ChartRepository repo = new ChartRepository(source, SchemaFetcher.defaultCacheDir(), offline);
        ChartRepository.Entry e = repo.entry("dify", version);
        return ChartLock.of(ChartArchive.read(repo.archive(e)), source.startsWith("http") ? source : DEFAULT_REPOSITORY, e.digest());
    }
}
