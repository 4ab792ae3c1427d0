package io.difyops.cli;

import io.difyops.environment.NewEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code difyops env new}: a new environment, written from an existing one with what must differ. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Environments of the repository.", subcommands = {EnvCommand.New.class})
final class EnvCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: new");
    }

    @Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Writes environment NAME from an existing one: its DifyEnvironment, passwords, cluster overlay, values and "
                    + "Flux objects, and adds it to the lists that name every environment.",
                    "The region, zones and bucket must differ from the source's; the gate refuses leftovers (environment-region, "
                            + "bucket-unique). Exit code 0: written; 2: usage error."})
    static final class New implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the new environment's name (its folders and namespace dify-NAME)")
        String name;

        @Option(names = "--from", required = true, paramLabel = "ENV", description = "the environment to start from")
        String from;

        @Option(names = "--region", required = true, paramLabel = "REGION", description = "the new environment's region, e.g. cn-beijing")
        String region;

        @Option(names = "--zones", required = true, split = ",", paramLabel = "A,B", description = "its two zones, e.g. cn-beijing-a,cn-beijing-b")
        List<String> zones;

        @Option(names = "--bucket", paramLabel = "NAME", description = "its OSS bucket (default: the source's name with the environment's)")
        String bucket;

        @Option(names = "--dry-run", description = "print the files that would be written, and write nothing")
        boolean dryRun;

        @CommandLine.Mixin
        RepositoryOption repository;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Path root = repository.root();
                NewEnvironment.Plan plan = NewEnvironment.plan(root, new NewEnvironment.Request(name, from, region, zones, bucket));
                if (dryRun) {
                    plan.files().keySet().forEach(f -> out.println("would write " + f));
                    return ExitCodes.CLEAN;
                }
                NewEnvironment.write(root, plan);
                out.println("wrote environment " + name + " from " + from + " (" + plan.fromRegion() + " → " + region + "): "
                        + plan.files().size() + " files");
                plan.todo().forEach(t -> out.println("  next: " + t));
                return ExitCodes.CLEAN;
            } catch (IOException | IllegalArgumentException e) {
                err.println("difyops: " + Messages.of(e));
                return ExitCodes.USAGE;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
