package io.difyops.rules.schema;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "kind-rejected", severity = Severity.ERROR, generic = true,
        summary = "An object's kind is on the --reject list.",
        explanation = """
                `--reject KIND` (or `GROUP/VERSION/KIND`) forbids a kind outright, for example
                `--reject Secret` in a repository where every secret must come from KMS. The object
                is reported as a prohibited resource kind; remove it or change how it is produced.
                """)
public final class KindRejected implements Rule {
}
