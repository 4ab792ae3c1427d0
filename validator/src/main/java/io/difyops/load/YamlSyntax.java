package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "yaml-syntax", severity = Severity.ERROR, generic = true,
        summary = "The file is not well-formed YAML or JSON.",
        explanation = """
                The file cannot be parsed, so nothing in it (from the error on) was validated. Flux would
                fail to apply it as well.

                Common causes: a tab used for indentation, an unclosed quote or bracket, a truncated
                file, a key at the wrong indentation.

                Fix the line named in the finding. `yq e 'true' FILE` shows the same error.
                """)
public final class YamlSyntax implements Rule {
}
