package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "no-input", severity = Severity.ERROR, generic = true,
        summary = "The paths given hold no YAML or JSON file to validate.",
        explanation = """
                Nothing was validated. This is usually a wrong path, or every file is ignored by
                `.gitignore` or `ignore:` in `.difyops.yaml` (for example `ignore: ["*.yaml"]`). A gate
                that validated nothing must not pass: this is an error. An empty file counts as input; an
                empty directory does not.
                """)
public final class NoInput implements Rule {
}
