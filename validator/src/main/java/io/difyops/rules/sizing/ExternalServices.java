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
                - persistence must be `aliyun-oss`;
                - TLS to PostgreSQL must agree at both ends: the DifyEnvironment's `spec.postgres.tls`
                  (`required`, the default, turns SSL on at the instance) against each database's
                  `externalPostgres.credentials.*.sslmode` (`require` or `verify-*` with TLS, `disable`,
                  `allow` or `prefer` without; the chart's default is `require`). The way to keep them
                  together is the connection Secret's `postgres_sslmode` (valuesFrom), which the
                  Composition derives from `spec.postgres.tls`.
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
                java.util.Set<String> filled = DifyReleases.targetPaths(ctx, hr);
                if (type.equals("analyticdb") && !external.equals("analyticdb")) {
                    out.report(ExternalServices.class, hr, p, "environment " + env.get().name() + " provides AnalyticDB, but vectorDB.externalType is '"
                            + external + "'; set vectorDB.externalType: analyticdb");
                } else if (type.equals("analyticdb")) {
                    JsonNode adb = v.path("vectorDB").path("externalAnalyticDB");
                    boolean host = filled.contains("vectorDB.externalAnalyticDB.host") || !adb.path("host").asString("").isBlank();
                    if (host && adb.path("namespace").asString("").isBlank()) {
                        out.report(ExternalServices.class, hr, p, "vectorDB.externalAnalyticDB.host is set, so Dify talks SQL to AnalyticDB "
                                + "and creates its tables in vectorDB.externalAnalyticDB.namespace, which is empty (it would run "
                                + "\"CREATE SCHEMA IF NOT EXISTS \" with no name); set a namespace, for example dify");
                    }
                } else if (type.equals("tablestore")) {
                    List<String> missing = new java.util.ArrayList<>();
                    for (String component : VECTOR_READERS) {
                        if (!component.equals("api") && !component.equals("worker") && !runs(ctx, hr, v, component)) {
                            continue;
                        }
                        if (external.equals("analyticdb") || !tablestoreEnv(v.path(component), component, filled)) {
                            missing.add(component);
                        }
                    }
                    if (!missing.isEmpty()) {
                        out.report(ExternalServices.class, hr, p, "environment " + env.get().name() + " provides Tablestore, but "
                                + String.join(", ", missing) + " do not get VECTOR_STORE=tablestore with every TABLESTORE_* setting "
                                + "(or vectorDB.externalType is analyticdb); every component that reads the vector store needs the same "
                                + "settings: give them all one extraEnv list (clusters/components/vector-tablestore)");
                    }
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
            env.ifPresent(e -> tls(ctx, hr, v, e, out));
            String persistence = v.path("persistence").path("type").asString("");
            if (!persistence.equals("aliyun-oss")) {
                out.report(ExternalServices.class, hr, p, "persistence.type is '" + persistence + "'; files must go to the environment's "
                        + "OSS bucket: set persistence.type: aliyun-oss");
            }
        }
    }

    /** The chart's sslmode for every database when the values leave it out (dify chart 3.7.3 values.yaml). */
    static final String CHART_SSLMODE = "require";

    private static void tls(RuleContext ctx, Resource hr, JsonNode v, Resource env, Findings out) {
        String tls = Environments.withDefaults(ctx, env, env.node()).at("/spec/postgres/tls").asString("required");
        java.util.Set<String> fromSecret = DifyReleases.targetPaths(ctx, hr);
        List<String> wrong = new java.util.ArrayList<>();
        String mode = "";
        for (String key : new java.util.TreeSet<>(DATABASES.keySet())) {
            if (fromSecret.contains("externalPostgres.credentials." + key + ".sslmode")) {
                continue;   // the connection Secret's postgres_sslmode (checked by secret-reference to exist)
            }
            JsonNode set = v.path("externalPostgres").path("credentials").path(key).path("sslmode");
            String m = set.isString() ? set.asString("") : CHART_SSLMODE;
            boolean encrypted = m.equals("require") || m.startsWith("verify-");
            if (encrypted != tls.equals("required")) {
                wrong.add(key);
                mode = m + (set.isString() ? "" : " (the chart's default)");
            }
        }
        if (!wrong.isEmpty()) {
            out.report(ExternalServices.class, hr, "/spec/valuesFrom", "environment " + env.name()
                    + " has spec.postgres.tls " + tls + " but Dify connects to " + String.join(", ", wrong) + " with sslmode " + mode
                    + "; both ends must agree: take externalPostgres.credentials.*.sslmode from the connection Secret's postgres_sslmode "
                    + "(valuesFrom), which follows spec.postgres.tls");
        }
    }

    /** The components that run the api image and read the vector store. */
    static final List<String> VECTOR_READERS = List.of("api", "worker", "triggerWorker", "workerBeat");
    private static final List<String> TABLESTORE = List.of("TABLESTORE_ENDPOINT", "TABLESTORE_INSTANCE_NAME", "TABLESTORE_ACCESS_KEY_ID",
            "TABLESTORE_ACCESS_KEY_SECRET");

    /** Whether the chart version has the component (its lock lists keys under it) or the values configure it. */
    private static boolean runs(RuleContext ctx, Resource hr, JsonNode v, String component) {
        if (v.has(component)) {
            return true;
        }
        var lock = DifyReleases.pinnedLock(ctx, hr);
        if (lock.isPresent()) {
            return lock.get().keys().stream().anyMatch(k -> k.equals(component) || k.startsWith(component + "."))
                    || lock.get().components().containsKey(component);
        }
        // without a lock: workerBeat is in every 3.x chart, triggerWorker from 3.7.0 (its "≥3.7.0" features)
        return component.equals("workerBeat") || component.equals("triggerWorker")
                && io.difyops.chart.ChartVersion.parse(DifyReleases.versionText(hr))
                        .map(cv -> cv.compareTo(io.difyops.chart.ChartVersion.parse("3.7.0").orElseThrow()) >= 0).orElse(false);
    }

    /** VECTOR_STORE=tablestore and every TABLESTORE_* setting, each a literal or filled in by a valuesFrom targetPath. */
    private static boolean tablestoreEnv(JsonNode component, String name, java.util.Set<String> filled) {
        JsonNode env = component.path("extraEnv");
        boolean store = false;
        java.util.Set<String> set = new java.util.HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            String n = env.get(i).path("name").asString("");
            if ("VECTOR_STORE".equals(n) && "tablestore".equals(env.get(i).path("value").asString(""))) {
                store = true;
            }
            if (!env.get(i).path("value").asString("").isBlank() || filled.contains(name + ".extraEnv[" + i + "].value")) {
                set.add(n);
            }
        }
        return store && set.containsAll(TABLESTORE);
    }
}
