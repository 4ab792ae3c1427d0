package io.difyops.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code difyops}: the gate for a Dify-on-ACK GitOps repository. */
@Command(name = "difyops", mixinStandardHelpOptions = true, version = "difyops 0.1.0",
        description = "Validates a GitOps repository that runs Dify Enterprise on Alibaba Cloud ACK.",
        subcommands = {ValidateCommand.class, SchemasCommand.class, EnvCommand.class, DiffCommand.class, RenderCommand.class, PolicyCommand.class, BumpCommand.class, LockCommand.class, RulesCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: validate, rules or explain");
    }

    public static void main(String[] args) {
        // A validate whose inputs did not change answers from disk, before anything else is loaded.
        java.util.Optional<java.nio.file.Path> entry = RunCache.entry(args);
        java.util.Optional<RunCache.Answer> cached = entry.flatMap(RunCache::read);
        if (cached.isPresent()) {
            System.out.print(cached.get().out());
            System.out.flush();
            System.err.print(cached.get().err());
            System.err.flush();
            System.exit(cached.get().code());
        }
        if (entry.isEmpty()) {
            int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            if (System.getenv("DIFYOPS_TIMINGS") != null) {
                System.err.println("difyops timing: exit at " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
            }
            System.exit(code);
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = run(args, new PrintWriter(out), new PrintWriter(err));
        System.out.print(out);
        System.out.flush();
        System.err.print(err);
        System.err.flush();
        RunCache.write(entry.get(), new RunCache.Answer(code, out.toString(), err.toString()));
        System.exit(code);
    }

    /** Runs the CLI with the given streams and returns the exit code (0 clean, 1 errors, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("difyops: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (System.getenv("DIFYOPS_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set DIFYOPS_DEBUG=1 to see where it failed)");
            }
            commandLine.getErr().flush();
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
