package io.difyops.load;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "resource-identity", severity = Severity.ERROR, generic = true,
        summary = "A document has no apiVersion or kind, so it is not a Kubernetes object.",
        explanation = """
                Every document in a manifest file must say what it is with `apiVersion` and `kind`
                (both non-empty strings). Without them Flux and kubectl refuse the file.

                Files that are known to be something else are exempt: Helm values files named by a
                kustomization's `configMapGenerator`, kustomize patches and components, and anything
                under `ignore:` in `.difyops.yaml`.
                """)
public final class ResourceIdentity implements Rule {
}
