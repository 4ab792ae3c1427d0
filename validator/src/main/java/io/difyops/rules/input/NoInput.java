package io.difyops.rules.input;

import io.difyops.rules.Rule;
import io.difyops.rules.RuleInfo;
import io.difyops.rules.Severity;

@RuleInfo(id = "no-input", severity = Severity.WARNING,
        summary = "The paths given hold no YAML or JSON file to validate.",
        explanation = """
                Nothing was validated. This is usually a wrong path, or every file is ignored by
                `.gitignore` or `ignore:` in `.difyops.yaml`. An empty file counts as input; an empty
                directory does not.
                """)
public final class NoInput implements Rule {
}
