package io.difyops.cli;

import io.difyops.config.RepoConfig;
import io.difyops.model.Model;
import io.difyops.engine.UsageException;
import io.difyops.engine.Validator;
import io.difyops.net.Http;
import io.difyops.schemalock.LockBuilder;
import io.difyops.schemalock.LockCheck;
import io.difyops.schemalock.Pin;
import io.difyops.schemalock.Pins;
import io.difyops.schemalock.SchemaLock;
import io.difyops.schemalock.SourceReaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code difyops schemas lock}: the schema lock, derived from what the repository installs. */
@Command(name = "schemas", mixinStandardHelpOptions = true, description = "The schema lock (schemas/): what the gate validates against.",
        subcommands = {SchemasCommand.Lock.class})
final class SchemasCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: lock");
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes schemas/: one schema per kind of every Crossplane package, CRD-installing Helm chart, the Flux "
                    + "release and the environments' Kubernetes version pinned in the repository, and schemas/lock.yaml.",
                    "Exit code 0: written (or --check passed); 1: a pinned version does not exist, or --check found "
                            + "differences; 2: usage error, or a source could not be read."})
    static final class Lock implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "DIR", description = "read CRDs and JSON Schemas from local folders instead of "
                + "upstream (air-gapped sites, mirrors); repeatable")
        List<Path> from = new ArrayList<>();

        @Option(names = "--check", description = "write nothing; fail when schemas/ differs from what the pinned versions give")
        boolean check;

        @Option(names = "--offline", description = "with --check and no --from: only check that every pin is in the lock and "
                + "every schema file is intact")
        boolean offline;

        @Option(names = "--repo", paramLabel = "DIR", description = "the repository (default: the one around the working directory)")
        Path repo;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Path root = RepoRoot.find(repo != null ? repo : Path.of("."));
                RepoConfig cfg = RepoConfig.load(root);
                List<Pin> pins = pins(root, cfg);
                SchemaLock committed = SchemaLock.readOrNull(root);
                if (offline && from.isEmpty()) {
                    if (!check) {
                        throw new UsageException("--offline reads nothing: use it with --check, or give --from DIR");
                    }
                    return report(out, err, LockCheck.offline(root, committed, pins), "the lock covers all " + pins.size()
                            + " pinned sources and every schema file is intact");
                }
                SourceReaders.Reader reader = from.isEmpty()
                        ? SourceReaders.upstream(Http.standard(), cfg.schemaSources(), cfg.registryMirrors())
                        : SourceReaders.folders(from.stream().map(p -> p.toAbsolutePath().normalize()).toList());
                LockBuilder.Result result = LockBuilder.build(pins, reader.reader());
                if (!result.failures().isEmpty()) {
                    boolean allMissing = true;
                    for (LockBuilder.Failure f : result.failures()) {
                        Pin p = f.pin();
                        String where = p.file().isEmpty() ? "(a dependency of " + p.requiredBy() + ")"
                                : p.file() + ":" + p.position().line() + ":" + p.position().column() + ":";
                        err.println(where + " " + p.display() + ": " + f.error().getMessage());
                        allMissing &= f.error().missing();
                    }
                    err.println("difyops: schemas/ was not written");
                    return allMissing ? ExitCodes.FINDINGS : ExitCodes.USAGE;
                }
                SchemaLock fresh = result.lock();
                if (check) {
                    return report(out, err, LockCheck.against(root, committed, fresh), "schemas/ matches the " + fresh.sources().size()
                            + " sources " + (from.isEmpty() ? "upstream" : "in the --from folders"));
                }
                fresh.write(root);
                int kinds = fresh.sources().stream().mapToInt(s -> s.kinds().size()).sum();
                out.println("wrote " + SchemaLock.DIR + "/" + SchemaLock.LOCK_FILE + ": " + fresh.sources().size() + " sources, "
                        + kinds + " kinds");
                for (SchemaLock.Source s : fresh.sources()) {
                    if (!s.note().isEmpty()) {
                        out.println("  note: " + s.display() + ": " + s.note());
                    }
                }
                out.flush();
                return ExitCodes.CLEAN;
            } catch (UsageException | RepoConfig.ConfigException e) {
                err.println("difyops: " + Messages.of(e));
                return ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("difyops: " + Messages.of(e));
                return ExitCodes.USAGE;
            } finally {
                err.flush();
                out.flush();
            }
        }

        private static int report(PrintWriter out, PrintWriter err, List<String> problems, String ok) {
            if (problems.isEmpty()) {
                out.println("schemas lock --check: " + ok);
                return ExitCodes.CLEAN;
            }
            problems.forEach(p -> err.println("schemas lock --check: " + p));
            err.println("difyops: schemas/ is not what the pinned versions give; run difyops schemas lock and commit schemas/");
            return ExitCodes.FINDINGS;
        }

        /** The repository's pins, from its objects as validate reads them (kustomizations rendered). */
        static List<Pin> pins(Path root, RepoConfig cfg) throws UsageException {
            Model model = new Validator().model(CommandOptions.of(root, cfg, true, null, null));
            return Pins.find(model.resources(), cfg.fluxVersion(), cfg.kubernetesVersion());
        }
    }
}
