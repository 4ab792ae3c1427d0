package io.difyops.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code difyops}: the gate for a Dify-on-ACK GitOps repository. */
@Command(name = "difyops", mixinStandardHelpOptions = true, version = "difyops 0.1.0",
        description = "Validates a GitOps repository that runs Dify Enterprise on Alibaba Cloud ACK.")
public final class Main implements Runnable {
    /**
     * The commands, in the order help lists them. Added to the command line by {@link #commandLine}: all
     * of them for help, an unknown word or no command; only the one named otherwise, since building
     * picocli's model of every command (reflection over each class) was a third of a run's start.
     */
    private static final java.util.LinkedHashMap<String, String> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        // class names, not class literals: a literal would load every command's class at start
        String here = Main.class.getPackageName() + ".";
        COMMANDS.put("validate", here + "ValidateCommand");
        COMMANDS.put("schemas", here + "SchemasCommand");
        COMMANDS.put("env", here + "EnvCommand");
        COMMANDS.put("diff", here + "DiffCommand");
        COMMANDS.put("review", here + "ReviewCommand");
        COMMANDS.put("render", here + "RenderCommand");
        COMMANDS.put("status", here + "StatusCommand");
        COMMANDS.put("policy", here + "PolicyCommand");
        COMMANDS.put("bump", here + "BumpCommand");
        COMMANDS.put("lock", here + "LockCommand");
        COMMANDS.put("rules", here + "RulesCommand");
        COMMANDS.put("explain", here + "ExplainCommand");
        COMMANDS.put("completion", here + "CompletionCommand");
        COMMANDS.put("help", CommandLine.HelpCommand.class.getName());
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        java.util.List<String> names = new java.util.ArrayList<>(COMMANDS.keySet());
        names.remove("help");
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: one of " + String.join(", ", names)
                + " (each described below; `difyops help COMMAND` for its options)");
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
        if (args.length > 0 && args[0].equals("validate") && !RunCache.asksForHelp(args)) {
            io.difyops.cel.CelRules.prepare(); // half a second of work, on a core the start leaves idle
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

    /** The command line with the commands these arguments need (see {@link #COMMANDS}). */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        boolean one = COMMANDS.containsKey(first) && !first.equals("help");
        for (var c : COMMANDS.entrySet()) {
            if (!one || c.getKey().equals(first)) {
                try {
                    cl.addSubcommand(c.getKey(), Class.forName(c.getValue()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("the command " + c.getKey() + " is missing from the gate's jar", e);
                }
            }
        }
        return cl;
    }

    /** Runs the CLI with the given streams and returns the exit code (0 clean, 1 errors, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
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
