package io.difyops.rules;

import io.difyops.diag.Rule;
import io.difyops.diag.Findings;
import io.difyops.load.Resource;

/** A rule that looks at one resource at a time. */
public interface ResourceRule extends Rule {
    void check(Resource resource, RuleContext context, Findings out);
}
