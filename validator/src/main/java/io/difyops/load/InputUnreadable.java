package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "input-unreadable", severity = Severity.ERROR, generic = true,
        summary = "A file could not be read as UTF-8 text inside the repository.",
        explanation = """
                The file is binary, is not valid UTF-8, cannot be opened, or is a symbolic link that
                points outside the repository (which the validator never follows, since what it points
                at is not reviewed with the pull request).

                Store manifests as UTF-8 text in the repository. A binary file with a `.yaml` name
                should be renamed or added to `.gitignore` or to `ignore:` in `.difyops.yaml`.
                """)
public final class InputUnreadable implements Rule {
}
