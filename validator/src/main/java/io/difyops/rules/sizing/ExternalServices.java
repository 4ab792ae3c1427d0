package io.difyops.rules.sizing;

import io.difyops.load.Resource;
import io.difyops.diag.Findings;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.rules.upgrade.DifyReleases;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "external-services", severity = Severity.ERROR,
        summary = "Dify's values do not match the environment's cloud services.",
        explanation = """
                The environment provides RDS PostgreSQL, Redis, OSS and a vector store; the release
                must use them, not bundled copies:

                - the vector store must be the DifyEnvironment's `vectorStore.type`: AnalyticDB through
                  `vectorDB.externalType: analyticdb`, Tablestore through `VECTOR_STORE=tablestore` on api
                  and worker;
                - bundled PostgreSQL, Redis or MinIO must be off;
                - the external databases must be the four Dify needs: `dify`, `dify_plugin_daemon`,
                  `enterprise`, `audit`;
                - persistence must be `aliyun-oss`.
                """)
public final class ExternalServices implements RepositoryRule {
    static final Map<String, String> DATABASES = Map.of("dify", "dify", "plugin_daemon", "dify_plugin_daemon", "enterprise", "enterprise",
            "audit", "audit");

    @Override
    public void check(RuleContext ctx, Findings out) {
        for (Resource hr : DifyReleases.all(ctx)) {
            JsonNode v = DifyReleases.mergedValues(ctx, hr);
            String p = "/spec/valuesFrom";
            Optional<Resource> env = DifyReleases.environment(ctx, hr);
            if (env.isPresent()) {
                String type = Environments.withDefaults(ctx, env.get(), env.get().node()).at("/spec/vectorStore/type").asString("tablestore");
                String external = v.path("vectorDB").path("externalType").asString("");
                boolean tablestore = tablestoreEnv(v.path("api")) && tablestoreEnv(v.path("worker"));
                if (type.equals("analyticdb") && !external.equals("analyticdb")) {
                    out.report(ExternalServices.class, hr, p, "environment " + env.get().name() + " provides AnalyticDB, but vectorDB.externalType is '"
                            + external + "'; set vectorDB.externalType: analyticdb");
                } else if (type.equals("tablestore") && (!tablestore || external.equals("analyticdb"))) {
                    out.report(ExternalServices.class, hr, p, "environment " + env.get().name() + " provides Tablestore, but api and worker do not "
                            + "both set VECTOR_STORE=tablestore (or vectorDB.externalType is analyticdb); set the TABLESTORE_* environment");
                }
            }
            for (String bundled : List.of("postgresql", "redis", "minio")) {
                if (v.path(bundled).path("enabled").asBoolean(false)) {
                    out.report(ExternalServices.class, hr, p, "bundled " + bundled + " is enabled; the environment provides it as a cloud "
                            + "service. Set " + bundled + ".enabled: false");
                }
            }
            if (v.has("externalPostgres") || !v.has("externalDatabase")) {
                JsonNode creds = v.path("externalPostgres").path("credentials");
                DATABASES.forEach((key, db) -> {
                    String actual = creds.path(key).path("database").asString("");
                    if (!actual.equals(db)) {
                        out.report(ExternalServices.class, hr, p, "externalPostgres.credentials." + key + ".database is '" + actual
                                + "'; the environment creates the database " + db);
                    }
                });
                if (!v.path("externalPostgres").path("enabled").asBoolean(false)) {
                    out.report(ExternalServices.class, hr, p, "externalPostgres.enabled is not true; Dify must use the environment's RDS");
                }
            } else {
                JsonNode dbs = v.path("externalDatabase").path("databases");
                DATABASES.forEach((key, db) -> {
                    if (!dbs.path(key).asString("").equals(db)) {
                        out.report(ExternalServices.class, hr, p, "externalDatabase.databases." + key + " is '" + dbs.path(key).asString("")
                                + "'; the environment creates the database " + db);
                    }
                });
            }
            String persistence = v.path("persistence").path("type").asString("");
            if (!persistence.equals("aliyun-oss")) {
                out.report(ExternalServices.class, hr, p, "persistence.type is '" + persistence + "'; files must go to the environment's "
                        + "OSS bucket: set persistence.type: aliyun-oss");
            }
        }
    }

    private static boolean tablestoreEnv(JsonNode component) {
        for (JsonNode e : component.path("extraEnv")) {
            if ("VECTOR_STORE".equals(e.path("name").asString("")) && "tablestore".equals(e.path("value").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
