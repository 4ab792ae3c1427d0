package io.difyops.cli;

import io.difyops.chart.ChartArchive;
import io.difyops.chart.ChartLock;
import io.difyops.chart.ChartRepository;
import io.difyops.chart.ChartVersion;
import io.difyops.chart.ReleaseCatalog;
import io.difyops.config.RepoConfig;
import io.difyops.load.InputFile;
import io.difyops.load.InputScanner;
import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.schema.SchemaFetcher;
import io.difyops.upgrade.Bump;
import io.difyops.model.ReleaseFiles;
import io.difyops.upgrade.ScalarEdits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "bump", mixinStandardHelpOptions = true,
        description = {"Upgrades one environment's Dify: the HelmRelease's chart version, every pinned image setting of its values",
                "(keeping mirror prefixes) and the chart lock file. Edits in place, keeping comments and formatting; atomic and idempotent.",
                "Exit code 0 when done (or nothing to do), 1 when refused (a Non-skippable release in between), 2 on bad input."})
final class BumpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "the environment: the folder clusters/ENV")
    String env;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "the exact target chart version")
    String to;

    @Option(names = "--dry-run", description = "print the changes as a diff and write nothing")
    boolean dryRun;

    @Option(names = "--chart-source", paramLabel = "URL|DIR", description = "Helm repository URL or directory of the dify chart (default: chartSource of .difyops.yaml, else the HelmRepository's URL)")
    String chartSource;

    @Option(names = "--offline", description = "never use the network: the target's lock file must already exist")
    boolean offline;

    @Option(names = {"-C", "--repository"}, paramLabel = "DIR", defaultValue = ".", description = "the repository (default: .)")
    Path repository;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            ChartVersion target = ChartVersion.parse(to).orElseThrow(() -> new IllegalArgumentException("--to must be one exact version, not " + to));
            Path root = RepoRoot.find(repository);
            RepoConfig cfg = RepoConfig.load(root);
            Map<String, String> texts = new HashMap<>();
            Map<String, List<YamlDocument>> docs = read(root, cfg, texts);
            String dir = "clusters/" + env;
            String releaseFile = null;
            YamlDocument release = null;
            for (var e : docs.entrySet()) {
                if (e.getKey().startsWith(dir + "/") && ReleaseFiles.parent(e.getKey()).equals(dir)) {
                    for (YamlDocument d : e.getValue()) {
                        if (Bump.isDifyRelease(d.root())) {
                            releaseFile = e.getKey();
                            release = d;
                        }
                    }
                }
            }
            if (release == null) {
                throw new IllegalArgumentException("no HelmRelease of chart dify in " + dir + "/");
            }
            String currentText = release.root().at("/spec/chart/spec/version").asString("");
            ChartVersion current = ChartVersion.parse(currentText)
                    .orElseThrow(() -> new IllegalArgumentException("the current version '" + currentText + "' is not exact; pin it first"));
            if (target.compareTo(current) < 0) {
                err.println("difyops: refusing to bump " + env + " from " + current + " down to " + target
                        + ": databases migrate forward only; roll back the last upgrade with git revert");
                return ExitCodes.FINDINGS;
            }
            ReleaseCatalog catalog = ReleaseCatalog.load(root, offline, cfg.releaseCatalog());
            var stops = catalog.stopsBetween(current, target);
            if (!stops.isEmpty()) {
                List<String> path = new ArrayList<>(List.of(current.toString()));
                stops.forEach(s -> path.add(s.version() + (s.reason().isBlank() ? "" : " (" + s.reason() + ")")));
                path.add(target.toString());
                err.println("difyops: refusing to bump " + env + " from " + current + " to " + target + ": it skips Non-skippable "
                        + "releases. Upgrade along " + String.join(" → ", path) + ", one bump per step: next is difyops bump --env "
                        + env + " --to " + stops.get(0).version());
                return ExitCodes.FINDINGS;
            }
            ChartLock toLock = lock(root, cfg, target.toString(), docs, release);
            ChartLock fromLock = readLock(root, current.toString()).orElse(null);
            Map<String, YamlDocument> values = new LinkedHashMap<>();
            Map<String, String> generated = ReleaseFiles.generatedValues(docs, dir);
            for (JsonNode ref : release.root().path("spec").path("valuesFrom")) {
                String file = generated.get(ref.path("name").asString(""));
                if ("ConfigMap".equals(ref.path("kind").asString("")) && file != null && docs.containsKey(file)) {
                    values.put(file, docs.get(file).get(0));
                }
            }
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
            for (Bump.Change c : changes) {
                write(root.resolve(c.file()), c.after());
            }
            if (lockChanged) {
                write(lockFile, lockText);
            }
            out.println(changes.isEmpty() && !lockChanged ? env + " is already on dify " + target + "; nothing to change"
                    : "bumped " + env + " from dify " + current + " to " + target + ": " + changes.size() + " file(s) edited"
                    + (lockChanged ? ", lock " + root.relativize(lockFile) + " written" : "") + ". Review with difyops diff, then validate");
            return ExitCodes.CLEAN;
        } catch (IOException | IllegalArgumentException | RepoConfig.ConfigException e) {
            err.println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }

    static Map<String, List<YamlDocument>> read(Path root, RepoConfig cfg, Map<String, String> texts) throws IOException {
        List<String> ignore = new ArrayList<>(cfg.ignore());
        InputScanner scanner = new InputScanner(root, Limits.DEFAULT, ignore);
        Map<String, List<YamlDocument>> docs = new HashMap<>();
        YamlReader reader = new YamlReader(Limits.DEFAULT, false);
        for (InputFile f : scanner.scan(List.of(root), new Findings())) {
            texts.put(f.relPath(), f.text());
            docs.put(f.relPath(), reader.read(f.relPath(), f.text(), new Findings()));
        }
        return docs;
    }

    private static Optional<ChartLock> readLock(Path root, String version) throws IOException {
        Path f = ChartLock.file(root, "dify", version);
        return Files.isRegularFile(f) ? Optional.of(ChartLock.read(f)) : Optional.empty();
    }

    /** The target's lock: the repository's, else one built from the real chart. */
    private ChartLock lock(Path root, RepoConfig cfg, String version, Map<String, List<YamlDocument>> docs, YamlDocument release)
            throws IOException {
        Optional<ChartLock> existing = readLock(root, version);
        if (existing.isPresent()) {
            return existing.get();
        }
        String source = chartSource != null ? ValidateCommand.anchor(chartSource, Path.of("").toAbsolutePath())
                : cfg.chartSource() != null ? ValidateCommand.anchor(cfg.chartSource(), root) : helmRepositoryUrl(docs, release);
        if (source == null) {
            throw new IOException("no lock for dify " + version + " and no chart source; pass --chart-source");
        }
        ChartRepository repo = new ChartRepository(source, SchemaFetcher.defaultCacheDir(), offline);
        ChartRepository.Entry e = repo.entry("dify", version);
        return ChartLock.of(ChartArchive.read(repo.archive(e)), source.startsWith("http") ? source : LockCommand.DEFAULT_REPOSITORY, e.digest());
    }

    private static String helmRepositoryUrl(Map<String, List<YamlDocument>> docs, YamlDocument release) {
        String name = release.root().at("/spec/chart/spec/sourceRef/name").asString("");
        for (List<YamlDocument> list : docs.values()) {
            for (YamlDocument d : list) {
                if ("HelmRepository".equals(d.root().path("kind").asString("")) && name.equals(d.root().at("/metadata/name").asString(""))) {
                    return d.root().at("/spec/url").asString(null);
                }
            }
        }
        return null;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".difyops", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
