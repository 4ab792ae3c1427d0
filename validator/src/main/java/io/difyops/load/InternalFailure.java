package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "internal-error", severity = Severity.ERROR, generic = true,
        summary = "The gate itself failed on this input; nothing it would have reported can be trusted.",
        explanation = """
                The run stopped on a failure of the gate, not of the repository. The report then holds
                only this finding, in the format asked for (JSON, SARIF, JUnit stay well-formed), and
                the exit code is 2. Report it with the input that caused it; `DIFYOPS_DEBUG=1` prints
                where it failed.
                """)
public final class InternalFailure implements Rule {
}
