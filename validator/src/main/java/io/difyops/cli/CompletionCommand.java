package io.difyops.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code difyops completion}: a Bash (and zsh, through bashcompinit) completion script, made by picocli's generator. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for bash and zsh.",
                "Bash: source <(difyops completion). zsh: autoload -U +X bashcompinit && bashcompinit; source <(difyops completion)."})
final class CompletionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // every command, not only this one (Main builds only the command a run names)
        CommandLine all = Main.commandLine(new String[0]);
        spec.commandLine().getOut().print(AutoComplete.bash("difyops", all));
        spec.commandLine().getOut().flush();
        return ExitCodes.CLEAN;
    }
}
