package io.difyops.rules.upgrade;

import io.difyops.diag.Findings;
import io.difyops.diag.Position;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.upgrade.AtomicFileSet;

@RuleInfo(id = "bump-unfinished", severity = Severity.ERROR, generic = true,
        summary = "A difyops bump was stopped part-way; some of its files may be written and others not.",
        explanation = """
                `difyops bump` writes the HelmRelease, the values files and the chart lock as one set: each
                new file goes beside its target first, a journal (`.difyops-bump.journal`) lists them, then
                each is renamed into place. A run killed after the journal was written may leave the
                HelmRelease at the new version with old images. Run `difyops bump` again (any environment,
                any version): it finishes the stopped change first and says which files it completed.
                Never commit the journal.
                """)
public final class BumpUnfinished implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        if (java.nio.file.Files.exists(ctx.options().root().resolve(AtomicFileSet.JOURNAL))) {
            out.reportAt(BumpUnfinished.class, AtomicFileSet.JOURNAL, Position.START, "",
                    "a bump was stopped part-way (" + AtomicFileSet.JOURNAL + " is here); run difyops bump again to finish it,"
                            + " then validate");
        }
    }
}
