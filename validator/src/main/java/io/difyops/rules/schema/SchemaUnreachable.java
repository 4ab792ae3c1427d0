package io.difyops.rules.schema;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.ResourceRule;
import io.difyops.diag.Rule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.schema.SchemaStore;

@RuleInfo(id = "schema-unreachable", severity = Severity.WARNING, generic = true,
        summary = "An object was not checked because a remote schema location could not be reached.",
        explanation = """
                A URL `--schema-location` was down, or `--offline` was given and the schema was not in
                the download cache (`~/.cache/difyops`). The object named was **not** validated
                against a schema.

                Run once with network access to fill the cache, or give a local directory of schemas
                with `--schema-location`.

                In CI (`CI=true` or `--ci`) or with `--strict-schemas` this is an error: a gate whose schema
                host is down must not let an unchecked object through.
                """)
public final class SchemaUnreachable implements ResourceRule {
    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        SchemaStore.Lookup lookup = ctx.schemas().lookup(r.gvk());
        if (lookup.found() || lookup.unreachable().isEmpty()) {
            return;
        }
        int n = lookup.unreachable().size();
        Severity severity = ctx.options().upgrade().ci() ? Severity.ERROR : Rule.infoOf(SchemaUnreachable.class).severity();
        out.reportWithDetail(SchemaUnreachable.class, severity, r, "/apiVersion",
                r.kind() + " " + r.name() + " was not checked: " + n + " remote schema location" + (n == 1 ? "" : "s")
                        + " unreachable; run online once, or pass a local --schema-location",
                String.join("; ", lookup.unreachable()));
    }
}
