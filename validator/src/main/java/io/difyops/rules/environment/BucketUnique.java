package io.difyops.rules.environment;

import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.model.DifyEnvironment;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.util.HashMap;
import java.util.Map;

@RuleInfo(id = "bucket-unique", severity = Severity.ERROR,
        summary = "Two environments name the same OSS bucket.",
        explanation = """
                OSS bucket names are unique across all of Alibaba Cloud, and each environment composes
                its own bucket (`spec.objectStorage.bucketName`). Two environments with the same name
                cannot both exist: the second would fail to create, or, with an existing bucket, two
                Difys would share one store. Give each environment its own bucket name, such as
                `difyops-<env>-files`.
                """)
public final class BucketUnique implements RepositoryRule {
    @Override
    public void check(RuleContext ctx, Findings out) {
        Map<String, DifyEnvironment> seen = new HashMap<>();
        for (DifyEnvironment e : ctx.model().difyEnvironments()) {
            String bucket = e.resource().node().at("/spec/objectStorage/bucketName").asString("");
            if (bucket.isEmpty()) {
                continue;
            }
            DifyEnvironment first = seen.putIfAbsent(bucket, e);
            if (first != null && !first.resource().identity().equals(e.resource().identity())) {
                out.report(BucketUnique.class, e.resource(), "/spec/objectStorage/bucketName", "bucket " + bucket + " is already the bucket of "
                        + "environment " + first.name() + " (" + first.resource().file() + "); OSS names are global: give " + e.name() + " its own");
            }
        }
    }
}
