package io.difyops.rules;

import io.difyops.diag.Rule;
import io.difyops.diag.Findings;
/** A rule that looks at the whole repository model at once (references, cycles, base comparison). */
public interface RepositoryRule extends Rule {
    void check(RuleContext context, Findings out);
}
