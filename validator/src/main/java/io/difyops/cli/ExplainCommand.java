package io.difyops.cli;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.rules.Rules;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Prints a rule's documentation.")
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "RULE", description = "a rule id, as `difyops rules` lists them")
    String id;

    @Override
    public Integer call() {
        Optional<Rule> rule = Rules.byId(id);
        if (rule.isEmpty()) {
            String near = nearest(id);
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown rule '" + id + "'"
                    + (near == null ? "" : "; did you mean '" + near + "'?") + " `difyops rules` lists them");
        }
        RuleInfo i = rule.get().info();
        var out = spec.commandLine().getOut();
        out.println("# " + i.id() + " (" + i.severity().label() + ")");
        out.println();
        out.println(i.summary());
        out.println();
        out.print(i.explanation().stripTrailing());
        out.println();
        return ExitCodes.CLEAN;
    }

    /** The rule id closest to {@code id} (a likely typo), or null. */
    static String nearest(String id) {
        return io.difyops.schema.FieldPaths.nearest(id, Rules.all().stream().map(r -> r.info().id()).toList());
    }
}
