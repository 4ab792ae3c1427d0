package io.difyops.diag;

/**
 * A check. Every rule class carries {@link RuleInfo}. A rule only matches and describes: walking the
 * repository, collecting findings and printing them belong to the engine.
 *
 * <p>Rules that are reported while files are read (YAML syntax, limits) implement only this
 * interface; the loader reports them through {@link Findings}.
 */
public interface Rule {
    default RuleInfo info() {
        return infoOf(getClass());
    }

    static RuleInfo infoOf(Class<? extends Rule> type) {
        RuleInfo info = type.getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalStateException(type.getName() + " has no @RuleInfo");
        }
        return info;
    }
}
