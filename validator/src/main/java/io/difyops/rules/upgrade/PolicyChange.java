package io.difyops.rules.upgrade;

import io.difyops.diag.Findings;
import io.difyops.diag.Position;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;

@RuleInfo(id = "policy-change", severity = Severity.ERROR,
        summary = "The change edits the gate's own policy (.difyops.yaml or an ignore file); the base's policy was used.",
        explanation = """
                The gate runs on pull requests written by anyone who can open one, so a pull request must not
                switch it off: a rule's severity set to off, `ignore: ["*.yaml"]`, `baseBranch: HEAD`, or a
                nested `.gitignore` that hides a file would make it pass anything. When a base commit exists,
                `validate` reads `.difyops.yaml` from the base and decides what is scanned with the base's
                ignore files, and reports every policy file the change edits here, so that a reviewer
                approves it knowingly. Rerun with `--allow-policy-change` (a warning then) once the change is
                approved, for example in a workflow that a maintainer triggers.
                """)
public final class PolicyChange implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        var upgrade = ctx.options().upgrade();
        for (String file : upgrade.policyChanges()) {
            out.reportAt(PolicyChange.class, upgrade.allowPolicyChange() ? Severity.WARNING : Severity.ERROR, file, Position.START, "",
                    file + " differs from the base commit's; this run used the base's policy, so the change does not take effect "
                            + "until it is merged. A reviewer must approve it; rerun with --allow-policy-change once they have");
        }
    }
}
