package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "yaml-duplicate-key", severity = Severity.ERROR, generic = true,
        summary = "A mapping sets the same key twice.",
        explanation = """
                YAML forbids duplicate keys, but many tools accept them and silently keep one value:
                some the first, some the last. A duplicated `tag:` or `replicas:` therefore deploys a
                value the reviewer did not see.

                Remove one of the two keys. With `--no-strict` this finding is a warning, as with
                kubeconform without `-strict`.
                """)
public final class YamlDuplicateKey implements Rule {
}
