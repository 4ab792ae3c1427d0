package io.difyops.diag;

/** What a resource rule looks at; the engine gives it only those resources. */
public enum AppliesTo {
    /** Every resource. */
    ANY,
    /** Crossplane Compositions ({@code apiextensions.crossplane.io}). */
    COMPOSITION,
    /** The Flux HelmRelease of the dify chart. */
    DIFY_RELEASE,
    /** The platform API's {@code DifyEnvironment}. */
    DIFY_ENVIRONMENT
}
