package io.difyops.rules.upgrade;

import io.difyops.diag.Rule;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;

/** Reported by the engine when a git repository has no base to compare with. */
@RuleInfo(id = "base-missing", severity = Severity.WARNING,
        summary = "No base to compare with, so the rules that compare a change with it did not run.",
        explanation = """
                Downgrades, version skips, stale images, shrinking disks and the platform API's
                immutable fields are judged against the merge-base of the base branch with HEAD. In a
                shallow clone (CI's default `fetch-depth: 1`), or where no base branch exists, there is
                none, and those checks cannot run: a disk shrink would pass.

                The finding names the rules that did not run. In CI (`CI=true`) it is an error unless
                `--allow-no-base` is given. Fix: fetch the history (`actions/checkout` with
                `fetch-depth: 0`, or `git fetch --unshallow`), or pass `--base REF`.
                """)
public final class BaseMissing implements Rule {
}
