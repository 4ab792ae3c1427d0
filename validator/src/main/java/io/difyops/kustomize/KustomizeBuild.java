package io.difyops.kustomize;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

@RuleInfo(id = "kustomize-build", severity = Severity.ERROR, generic = true,
        summary = "A kustomization does not build.",
        explanation = """
                Every directory with a `kustomization.yaml`, and every Flux `Kustomization`'s
                `spec.path`, is rendered with `kustomize build` (or `kubectl kustomize`) the way Flux
                renders it, with the default load restrictor. The objects it renders are validated.

                When the build fails, Flux's Kustomization would fail too. The message is kustomize's
                own. Run `kubectl kustomize DIR` to reproduce it.
                """)
public final class KustomizeBuild implements Rule {
}
