package io.difyops.cli;

import io.difyops.config.RepoConfig;
import io.difyops.config.Options;
import io.difyops.engine.Report;
import io.difyops.engine.UsageException;
import io.difyops.engine.Validator;
import io.difyops.load.Limits;
import io.difyops.report.ReportWriter;
import io.difyops.diag.Severity;
import io.difyops.schema.SchemaFetcher;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validates manifests: YAML, schemas (CRDs, XRDs, JSON Schemas), CEL rules, metadata, kustomize builds.",
                "Exit code 0: no error; 1: errors found; 2: usage error or unreadable input."})
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "files or directories (default: .)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--schema-location", paramLabel = "LOC",
            description = "a directory of CRDs or JSON Schemas, a schema file, 'default', or a URL template in kubeconform's syntax; repeatable; tried in order after the repository's own CRDs and before the schema lock (schemas/) and the locations of .difyops.yaml")
    List<String> schemaLocations = new ArrayList<>();

    @Option(names = "--offline", description = "never use the network; remote schemas come from the cache only")
    boolean offline;

    @Option(names = "--online", description = "download remote schemas even when .difyops.yaml says offline: true")
    boolean online;

    @Option(names = "--no-strict", description = "allow fields the schema does not define, and duplicate keys (as warnings)")
    boolean noStrict;

    @Option(names = {"--skip", "--skip-kind"}, paramLabel = "KIND", split = ",",
            description = "kinds not to validate: KIND or GROUP/VERSION/KIND; repeatable (--skip-kind as in flux-schema)")
    List<String> skip = new ArrayList<>();

    @Option(names = "--reject", paramLabel = "KIND", split = ",", description = "kinds to refuse: KIND or GROUP/VERSION/KIND; repeatable")
    List<String> reject = new ArrayList<>();

    @Option(names = {"--ignore-missing-schemas", "--skip-missing-schemas"},
            description = "skip objects whose kind has no schema instead of failing (--skip-missing-schemas as in flux-schema)")
    boolean ignoreMissingSchemas;

    @Option(names = "--ignore", paramLabel = "GLOB", description = "gitignore-style glob of files to leave out; repeatable")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--skip-cel-rules", description = "do not evaluate CEL rules (as flux-schema's flag; the same as --disable cel)")
    boolean skipCel;

    @Option(names = "--skip-json-path", paramLabel = "KIND:POINTER",
            description = "leave a JSON pointer of a kind out of schema validation, e.g. Secret:/sops (as flux-schema's flag); repeatable")
    List<String> skipJsonPaths = new ArrayList<>();

    @Option(names = "--verbose", description = "accepted for flux-schema's command line; the reports always list every finding")
    boolean verbose;

    @Option(names = "--no-sops", description = "validate SOPS-encrypted documents as they are (inside a difyops repository their sops metadata and ENC[...] values are not schema-checked; elsewhere, as in flux-schema, only --skip-json-path leaves them out)")
    boolean noSops;

    @Option(names = "--disable", paramLabel = "RULE", split = ",", description = "turn a rule off for this run (e.g. --disable cel); repeatable")
    List<String> disable = new ArrayList<>();

    @Option(names = "--base", paramLabel = "REF", description = "compare with the merge-base of REF and HEAD (default: baseBranch of .difyops.yaml, then origin/main, then main)")
    String base;

    @Option(names = "--ci", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "run as in CI (the default when the environment has CI=true; --ci=false runs as on a laptop): a missing "
                    + "base fails the run, and what cannot be judged is an error")
    Boolean ci;

    @Option(names = "--strict-schemas", description = "an object that could not be checked against a schema (its schema host "
            + "unreachable) is an error, as in CI")
    boolean strictSchemas;

    @Option(names = "--allow-policy-change", description = "a change to .difyops.yaml or an ignore file is a warning, not an error "
            + "(the base's policy is used all the same)")
    boolean allowPolicyChange;

    @Option(names = "--allow-no-base", description = "in CI (CI=true), let a run without a base (a shallow clone) pass with a warning "
            + "instead of failing; the rules that compare with the base do not run")
    boolean allowNoBase;

    @Option(names = "--chart-source", paramLabel = "URL|DIR", description = "where the dify chart comes from: a Helm repository URL or a directory laid out like one")
    String chartSource;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text, json, sarif, junit or markdown (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = "--output-file", paramLabel = "FILE", description = "write the report to FILE instead of standard output")
    Path outputFile;

    @Option(names = "--also", paramLabel = "FORMAT=FILE", description = "also write the same run's report as FORMAT to FILE "
            + "(repeatable; for example --also sarif=difyops.sarif --also markdown=summary.md): one run, several reports")
    java.util.List<String> also = new java.util.ArrayList<>();

    @Option(names = "--quiet", description = "text output: only errors, no summary")
    boolean quiet;

    @Option(names = "--cluster", description = "also compare each dify release with the version the management cluster has deployed "
            + "(HelmRelease status.history): version-skip then refuses a change that skips a stop the cluster has not reached")
    boolean cluster;

    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--fail-on", paramLabel = "error|warning", defaultValue = "error",
            description = "the lowest severity that fails the run (exit 1): error (default) or warning")
    String failOn;

    @Option(names = {"--color", "--colour"}, paramLabel = "auto|always|never", defaultValue = "auto",
            description = "colour the text report: auto (default) colours on a terminal unless NO_COLOR is set or TERM is dumb")
    String color;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "where downloaded schemas are kept (default: ~/.cache/difyops)")
    Path cacheDir;

    @Override
    public Integer call() throws IOException {
        try {
            boolean failOnWarning = switch (failOn) {
                case "error" -> false;
                case "warning" -> true;
                default -> throw new IllegalArgumentException("--fail-on takes error or warning, not '" + failOn + "'");
            };
            ReportWriter writer = output.equalsIgnoreCase("text") && outputFile == null
                    ? new io.difyops.report.TextWriter(quiet, io.difyops.report.TextWriter.colours(color, System.console() != null, System.getenv()))
                    : ReportWriter.forFormat(output, quiet);
            java.util.Map<Path, ReportWriter> extra = new java.util.LinkedHashMap<>();
            for (String a : also) {
                int eq = a.indexOf('=');
                if (eq <= 0 || eq == a.length() - 1) {
                    throw new IllegalArgumentException("--also takes FORMAT=FILE, not '" + a + "'");
                }
                extra.put(Path.of(a.substring(eq + 1)), ReportWriter.forFormat(a.substring(0, eq), false));
            }
            io.difyops.diag.Timings.mark("command line");
            Options options = options();
            io.difyops.diag.Timings.mark("options and base policy");
            if (outputFile != null) {
                guardOutput(outputFile, options);
            }
            for (Path p : extra.keySet()) {
                guardOutput(p, options);
            }
            Validator validator = new Validator();
            if (cluster) {
                try (var client = io.difyops.cluster.ClusterConnection.open(clusterOptions.kubeconfig, clusterOptions.context)) {
                    validator.deployed(io.difyops.cluster.LiveState.deployedVersions(client));
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    throw new IllegalArgumentException("--cluster: the management cluster cannot be read: " + Messages.of(e));
                }
            } else if (clusterOptions.context != null || clusterOptions.kubeconfig != null) {
                throw new IllegalArgumentException("--context and --kubeconfig take effect with --cluster");
            }
            io.difyops.diag.Timings.mark("CEL environment");
            Report report = validator.run(options);
            for (var e : extra.entrySet()) {
                Writer w = new StringWriter();
                e.getValue().write(report, w);
                writeReport(e.getKey(), w.toString());
            }
            Writer sink = new StringWriter();
            writer.write(report, sink);
            if (outputFile != null) {
                writeReport(outputFile, sink.toString());
                if (!quiet) {
                    spec.commandLine().getOut().println("report written to " + outputFile + " (" + report.errors() + " errors, "
                            + report.warnings() + " warnings)");
                }
            } else {
                spec.commandLine().getOut().print(sink);
            }
            spec.commandLine().getOut().flush();
            io.difyops.diag.Timings.mark("write");
            io.difyops.diag.Timings.print(spec.commandLine().getErr());
            return report.broken() ? ExitCodes.USAGE
                    : report.failed() || failOnWarning && report.warnings() > 0 ? ExitCodes.FINDINGS : ExitCodes.CLEAN;
        } catch (UsageException | RepoConfig.ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return internalError(e);
        }
    }

    /**
     * The gate failed, not the repository: exit 2, a short message (no stack trace unless DIFYOPS_DEBUG),
     * and the report asked for still written, well-formed, holding one internal-error finding.
     */
    private int internalError(Throwable e) {
        // the class only: an exception's message can quote the input (a value, perhaps a secret); DIFYOPS_DEBUG shows it all
        String what = e.getClass().getSimpleName();
        spec.commandLine().getErr().println("difyops: internal error (" + what + ")");
        if (System.getenv("DIFYOPS_DEBUG") != null) {
            e.printStackTrace(spec.commandLine().getErr());
        }
        try {
            Report report = new Report(0, List.of(), List.of(new io.difyops.diag.Finding("internal-error", io.difyops.diag.Severity.ERROR,
                    "", 1, 1, "", "", "the gate failed on this input (" + what + "); its results cannot be trusted")));
            Writer sink = new StringWriter();
            ReportWriter.forFormat(output, quiet).write(report, sink);
            if (outputFile != null) {
                writeReport(outputFile, sink.toString());
            } else {
                spec.commandLine().getOut().print(sink);
                spec.commandLine().getOut().flush();
            }
        } catch (IOException | RuntimeException inner) {
            // the message above stands
        }
        return ExitCodes.USAGE;
    }

    /**
     * A report never lands on what the run reads: a path inside the scanned inputs that a later run would
     * read as a manifest (YAML or JSON) is refused, as is one whose directory does not exist.
     */
    static void guardOutput(Path file, Options options) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot write the report to " + file + ": the directory " + dir + " does not exist");
        }
        String name = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean manifest = name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
        for (Path in : options.paths()) {
            Path input = in.toAbsolutePath().normalize();
            if (target.equals(input) || manifest && target.startsWith(input)) {
                throw new IllegalArgumentException("will not write the report to " + file + ": it is inside the inputs this run "
                        + "validates (" + in + "), so it would overwrite or become a manifest; write it elsewhere");
            }
        }
    }

    /** CI mode: --ci, else the environment's CI=true. */
    private boolean ciMode() {
        return ci != null ? ci : "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Writes atomically, keeping the permissions of the file it replaces. */
    static void writeReport(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".difyops", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the default permissions stay
                }
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Local locations are relative to where they were written: the working directory, or the repository root for .difyops.yaml. */
    static String anchor(String loc, Path base) {
        String l = loc.trim();
        if (l.equals("default") || l.startsWith("http://") || l.startsWith("https://") || l.startsWith("/")) {
            return l;
        }
        return base.resolve(l).toString();
    }

    private Options options() throws RepoConfig.ConfigException {
        List<Path> inputs = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        Path root = RepoRoot.find(inputs.get(0));
        RepoConfig cfg = RepoConfig.load(root);
        // The policy comes from the base commit, never from the change under review (policy-change).
        BasePolicy policy = BasePolicy.of(root, base, cacheDir != null ? cacheDir : SchemaFetcher.defaultCacheDir());
        if (policy != null) {
            cfg = policy.config();
        }
        List<String> policyChanges = policy == null ? List.of() : policy.changes();
        // Command-line locations are tried first, then those of .difyops.yaml.
        List<String> locations = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        schemaLocations.forEach(l -> locations.add(anchor(l, cwd)));
        locations.add(Options.LOCK_LOCATION); // the repository's schemas/ (the schema lock), when it has one
        cfg.schemaLocations().forEach(l -> locations.add(anchor(l, root)));
        List<String> skips = new ArrayList<>(cfg.skip());
        skips.addAll(skip);
        List<String> rejects = new ArrayList<>(cfg.reject());
        rejects.addAll(reject);
        List<String> ignores = new ArrayList<>(cfg.ignore());
        ignores.addAll(ignore);
        for (String id : cfg.severity().keySet()) {
            if (io.difyops.rules.Rules.byId(id).isEmpty()) {
                throw new RepoConfig.ConfigException(RepoConfig.FILE_NAME + ": severity names unknown rule '" + id + "' (see difyops rules)");
            }
        }
        Map<String, Severity> severity = new LinkedHashMap<>(cfg.severity());
        for (String p : skipJsonPaths) {
            if (!p.matches("[^:]+:/.*")) {
                throw new IllegalArgumentException("--skip-json-path takes KIND:/json/pointer, not '" + p + "'");
            }
        }
        if (skipCel) {
            disable.add("cel");
        }
        for (String id : disable) {
            if (io.difyops.rules.Rules.byId(id).isEmpty()) {
                throw new IllegalArgumentException("--disable names unknown rule '" + id + "' (see difyops rules)");
            }
            severity.put(id, null);
        }
        boolean strict = !noStrict && (cfg.strict() == null || cfg.strict());
        if (offline && online) {
            throw new IllegalArgumentException("--offline and --online contradict each other");
        }
        boolean noNetwork = offline || (!online && Boolean.TRUE.equals(cfg.offline()));
        return new Options(root, inputs, locations, noNetwork, strict, skips, rejects,
                ignoreMissingSchemas || Boolean.TRUE.equals(cfg.ignoreMissingSchemas()),
                !noSops && java.nio.file.Files.isRegularFile(root.resolve(RepoConfig.FILE_NAME)), ignores, severity,
                cacheDir != null ? cacheDir : SchemaFetcher.defaultCacheDir(), Limits.DEFAULT, true, cfg.secretsOutsideGit(),
                new Options.Upgrade(base, cfg.baseBranch(), chartSource != null ? anchor(chartSource, Path.of("").toAbsolutePath())
                        : cfg.chartSource() != null ? anchor(cfg.chartSource(), root) : null, cfg.imageMirrors(), cfg.releaseCatalog(),
                        ciMode() && !allowNoBase,
                        ciMode() || strictSchemas, policyChanges, allowPolicyChange, policy == null ? null : policy.ignoreFiles()),
                new Options.Versions(cfg.fluxVersion(), cfg.kubernetesVersion()), skipJsonPaths);
    }
}
