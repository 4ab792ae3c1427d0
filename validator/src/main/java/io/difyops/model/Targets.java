package io.difyops.model;

import io.difyops.diag.AppliesTo;
import io.difyops.load.Resource;

/** Whether a resource is what a rule targets ({@code @RuleInfo(appliesTo = …)}). */
public final class Targets {
    private Targets() {
    }

    public static boolean matches(AppliesTo target, Resource r) {
        return switch (target) {
            case ANY -> true;
            case COMPOSITION -> r.origin() != Resource.Origin.PATCH && "Composition".equals(r.kind())
                    && r.gvk().group().equals("apiextensions.crossplane.io");
            case DIFY_RELEASE -> DifyRelease.isDify(r);
            case DIFY_ENVIRONMENT -> DifyEnvironment.is(r);
        };
    }
}
