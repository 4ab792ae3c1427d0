package io.difyops.cli;

import io.difyops.chart.ChartArchive;
import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartRepository;
import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.engine.Validator;
import io.difyops.model.DifyRelease;
import io.difyops.model.Model;
import io.difyops.config.RepoConfig;
import io.difyops.load.YamlDocument;
import io.difyops.schema.SchemaFetcher;
import io.difyops.upgrade.Bump;
import io.difyops.upgrade.ScalarEdits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bump", mixinStandardHelpOptions = true,
        description = {"Upgrades one environment's Dify: chart version, every image setting and the chart lock, in one edit.",
                "Changes the HelmRelease's chart version, every pinned image setting of its values (keeping mirror prefixes) and the",
                "chart lock file. Edits in place, keeping comments and formatting; atomic and idempotent.",
                "Exit code 0 when done (or nothing to do), 1 when refused (a Non-skippable release in between), 2 on bad input."})
final class BumpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "the environment: the folder clusters/ENV")
    String env;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "the exact target chart version")
    String to;

    @Option(names = "--from", paramLabel = "VERSION", description = "the version the environment runs before this change, when the "
            + "HelmRelease already names the target (a version-only edit, as Renovate makes it); default: the version at HEAD")
    String from;

    @Option(names = "--dry-run", description = "print the changes as a diff and write nothing")
    boolean dryRun;

    @Option(names = "--chart-source", paramLabel = "URL|DIR", description = "Helm repository URL or directory of the dify chart (default: chartSource of .difyops.yaml, else the HelmRepository's URL)")
    String chartSource;

    @Option(names = "--offline", description = "never use the network: the target's lock file must already exist")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            ChartVersion target = ChartVersion.parse(to).orElseThrow(() -> new IllegalArgumentException("--to must be one exact version, not " + to));
            Path root = repository.root();
            if (!dryRun) {
                // a bump that was stopped part-way is finished first: its files land as a set
                var recovered = io.difyops.upgrade.AtomicFileSet.recover(root);
                if (recovered.isPresent()) {
                    var r = recovered.get();
                    out.println("finished an interrupted change (" + r.description() + "): " + r.completed().size() + " of " + r.total()
                            + " file(s) were still to be written" + (r.completed().isEmpty() ? "" : ": " + String.join(", ", r.completed())));
                }
            }
            RepoConfig cfg = RepoConfig.load(root);
            String override = chartSource != null ? ValidateCommand.anchor(chartSource, Path.of("").toAbsolutePath())
                    : cfg.chartSource() != null ? ValidateCommand.anchor(cfg.chartSource(), root) : null;
            // The repository as validate loads it: the same loader, kustomizations rendered.
            Model model = new Validator().model(CommandOptions.of(root, cfg, offline, null, override));
            String dir = "clusters/" + env;
            DifyRelease difyRelease = model.difyReleases().stream().filter(r -> r.directory().equals(dir)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no HelmRelease of chart dify in " + dir + "/"));
            String releaseFile = difyRelease.resource().file();
            YamlDocument release = model.documents().get(releaseFile).get(difyRelease.resource().document().index());
            Map<String, String> texts = new HashMap<>();
            model.files().forEach(f -> texts.put(f.relPath(), f.text()));
            String currentText = release.root().at("/spec/chart/spec/version").asString("");
            ChartVersion current = ChartVersion.parse(currentText)
                    .orElseThrow(() -> new IllegalArgumentException("the current version '" + currentText + "' is not exact; pin it first"));
            if (current.equals(target)) {
                // a version-only edit (Renovate writes the version, then runs this): the images and the lock are still
                // the version before it, which --from names, else the commit the work tree stands on
                Optional<ChartVersion> before = from != null
                        ? Optional.of(ChartVersion.parse(from).orElseThrow(() -> new IllegalArgumentException("--from must be one exact version, not " + from)))
                        : versionAtHead(root, cfg, override, model, difyRelease);
                if (before.isPresent() && before.get().compareTo(target) < 0) {
                    current = before.get();
                }
            }
            if (target.compareTo(current) < 0) {
                err.println("difyops: refusing to bump " + env + " from " + current + " down to " + target
                        + ": databases migrate forward only; roll back the last upgrade with git revert");
                return ExitCodes.FINDINGS;
            }
            ReleaseCatalog catalog = ReleaseCatalog.load(root, offline, cfg.releaseCatalog());
            var stops = catalog.stopsBetween(current, target);
            if (!stops.isEmpty()) {
                List<String> path = catalog.path(current, target).stream().map(ChartVersion::toString).toList();
                err.println("difyops: refusing to bump " + env + " from " + current + " to " + target + ": it skips Non-skippable "
                        + "releases. Upgrade along " + String.join(" → ", path) + ", one bump per step: next is difyops bump --env "
                        + env + " --to " + stops.get(0).version() + " (" + String.join("; ", stops.stream()
                        .map(s -> s.version() + ": " + (s.reason().isBlank() ? "marked unskippable" : s.reason())).toList()) + ")");
                return ExitCodes.FINDINGS;
            }
            ChartLock toLock = lock(root, target.toString(), difyRelease.chartSource(override).orElse(null));
            ChartLock fromLock = readLock(root, current.toString()).orElse(null);
            Map<String, YamlDocument> values = new LinkedHashMap<>();
            difyRelease.valuesFiles().forEach(f -> values.put(f.file(), f.doc()));
            List<Bump.Change> changes = Bump.plan(releaseFile, texts.get(releaseFile), release, texts, values, fromLock, toLock, cfg.imageMirrors());
            Path lockFile = ChartLock.file(root, "dify", target.toString());
            String lockText = toLock.toYaml();
            boolean lockChanged = !Files.isRegularFile(lockFile) || !Files.readString(lockFile).equals(lockText);
            if (dryRun) {
                changes.forEach(c -> out.print(ScalarEdits.diff(c.file(), c.before(), c.after())));
                if (lockChanged) {
                    out.println("(would write " + root.relativize(lockFile) + ")");
                }
                return ExitCodes.CLEAN;
            }
            Map<String, String> files = new LinkedHashMap<>();
            if (lockChanged) {
                files.put(root.relativize(lockFile).toString().replace('\\', '/'), lockText);
            }
            for (Bump.Change c : changes) {
                files.put(c.file(), c.after());
            }
            if (!files.isEmpty()) {
                io.difyops.upgrade.AtomicFileSet.write(root, "bump " + env + " from dify " + current + " to " + target, files);
            }
            out.println(changes.isEmpty() && !lockChanged ? env + " is already on dify " + target + "; nothing to change"
                    : "bumped " + env + " from dify " + current + " to " + target + ": " + changes.size() + " file(s) edited"
                    + (lockChanged ? ", lock " + root.relativize(lockFile) + " written" : "") + ". Review with difyops diff, then validate");
            return ExitCodes.CLEAN;
        } catch (IOException | IllegalArgumentException | RepoConfig.ConfigException | io.difyops.engine.UsageException e) {
            err.println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }

    /** The release's chart version in the commit the work tree stands on, if there is one. */
    private Optional<ChartVersion> versionAtHead(Path root, RepoConfig cfg, String override, Model model, DifyRelease release) {
        try {
            return Validator.base(CommandOptions.of(root, cfg, offline, "HEAD", override), model)
                    .flatMap(b -> release.in(b.model())).flatMap(DifyRelease::version);
        } catch (io.difyops.engine.UsageException | RuntimeException e) {
            return Optional.empty(); // not a git repository, or no HEAD yet
        }
    }

    private static Optional<ChartLock> readLock(Path root, String version) throws IOException {
        Path f = ChartLock.file(root, "dify", version);
        return Files.isRegularFile(f) ? Optional.of(ChartLock.read(root, f)) : Optional.empty();
    }

    /** The target's lock: the repository's, else one built from the real chart (from {@code source}). */
    private ChartLock lock(Path root, String version, String source) throws IOException {
        Optional<ChartLock> existing = readLock(root, version);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (source == null) {
            throw new IOException("no lock for dify " + version + " and no chart source; pass --chart-source");
        }
        ChartRepository repo = new ChartRepository(source, SchemaFetcher.defaultCacheDir(), offline);
        ChartRepository.Entry e = repo.entry("dify", version);
        return ChartLock.of(ChartArchive.read(repo.archive(e)), source.startsWith("http") ? source : LockCommand.DEFAULT_REPOSITORY, e.digest());
    }
}
