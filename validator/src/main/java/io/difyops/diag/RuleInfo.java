package io.difyops.diag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Metadata of one rule, written on the rule's class. {@code difyops rules}, {@code difyops explain},
 * and the SARIF {@code tool.driver.rules} are generated from it, so the documentation cannot drift
 * from the code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /** Stable id, used in reports, severity overrides and {@code difyops explain}. */
    String id();

    Severity severity();

    /** One line: what the rule refuses. */
    String summary();

    /** Markdown: why it matters, what to do, an example. */
    String explanation();

    /**
     * Whether the rule runs on any manifests (YAML, schema, CEL, metadata: what kubeconform and
     * flux-schema check). The others encode this repository's policy and run only inside a difyops
     * repository (a root with {@code .difyops.yaml}).
     */
    boolean generic() default false;

    /**
     * Rules whose findings this rule's finding explains better: at the same file and JSON pointer,
     * theirs are dropped, so that one mistake gives one finding.
     */
    String[] supersedes() default {};

    /** For a resource rule: which resources it is given (the engine filters, so a rule needs no guard of its own). */
    AppliesTo appliesTo() default AppliesTo.ANY;

    /** Whether the rule compares with the base of the change (and so cannot run without one). */
    boolean needsBase() default false;
}
