package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "input-limit", severity = Severity.ERROR, generic = true,
        summary = "The file exceeds a safety bound: size, nesting depth or alias expansion.",
        explanation = """
                The validator refuses input that would make it slow or exhaust memory, and says so
                instead of hanging. The bounds are:

                - files larger than 32 MiB;
                - nesting deeper than 500 levels;
                - more than two million YAML nodes once aliases are expanded (an "alias bomb").

                No real manifest comes near these. Split a generated file, or remove the aliases.
                """)
public final class InputLimit implements Rule {
}
