package io.difyops.cli;

import io.difyops.diag.Rule;
import io.difyops.rules.Rules;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists every rule: id, default severity and summary.")
final class RulesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int width = Rules.all().stream().mapToInt(r -> r.info().id().length()).max().orElse(10);
        for (Rule r : Rules.all()) {
            spec.commandLine().getOut().printf("%-" + width + "s  %-7s  %s%n", r.info().id(), r.info().severity().label(), r.info().summary());
        }
        return ExitCodes.CLEAN;
    }
}
