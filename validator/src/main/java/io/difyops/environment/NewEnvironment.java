package io.difyops.environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a new environment from an existing one: its DifyEnvironment (with the new region, zones
 * and bucket), its passwords, its thin cluster overlay (namespace, vector store, chart version),
 * its values (the new region wherever the old one stood: OSS and AnalyticDB regions, the registry
 * mirror), its Flux chain in the management cluster (its own Kustomizations, so that it never
 * holds back another environment), and the lists that name every environment (the KMS store's
 * namespaces, the accepted image mirrors). Text is edited in place, so comments and layout stay; every file is
 * written through a temporary file and moved into place.
 */
public final class NewEnvironment {
    /** What to write: the new name, the environment it starts from, and what must differ. */
    public record Request(String name, String from, String region, List<String> zones, String bucket) {
    }

    /** The planned files: repository-relative path to its new text. */
    public record Plan(Map<String, String> files, String fromRegion, List<String> todo) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,20}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}-[a-z]+(-[0-9]+)?");

    private NewEnvironment() {
    }

    public static Plan plan(Path root, Request req) throws IOException {
        if (!NAME.matcher(req.name()).matches()) {
            throw new IllegalArgumentException("the environment's name '" + req.name() + "' must be 2 to 22 lowercase letters, digits or dashes");
        }
        if (!REGION.matcher(req.region()).matches()) {
            throw new IllegalArgumentException("--region must be an Alibaba Cloud region id such as cn-beijing, not '" + req.region() + "'");
        }
        if (req.zones().size() != 2 || req.zones().get(0).equals(req.zones().get(1))
                || req.zones().stream().anyMatch(z -> !z.startsWith(req.region() + "-"))) {
            throw new IllegalArgumentException("--zones must name two distinct zones of " + req.region() + ", such as "
                    + req.region() + "-a," + req.region() + "-b");
        }
        for (String dir : List.of("clusters/", "charts-values/", "crossplane/environments/")) {
            if (Files.exists(root.resolve(dir + req.name()))) {
                throw new IllegalArgumentException(dir + req.name() + " exists already");
            }
            if (!Files.isDirectory(root.resolve(dir + req.from()))) {
                throw new IllegalArgumentException(dir + req.from() + " does not exist: --from names an environment of this repository");
            }
        }
        String envFile = "crossplane/environments/" + req.from() + "/difyenvironment.yaml";
        String fromRegion = match(Files.readString(root.resolve(envFile)), "(?m)^  region: (\\S+)", envFile + " has no spec.region");
        Map<String, String> files = new LinkedHashMap<>();
        Pattern fromWord = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(req.from()) + "(?![A-Za-z0-9])");
        Pattern fromTitle = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(title(req.from())) + "(?![A-Za-z0-9])");
        Pattern fromRegionWord = Pattern.compile("(?<![a-z0-9])" + Pattern.quote(fromRegion) + "(?![a-z])");
        for (String dir : List.of("crossplane/environments/", "clusters/", "charts-values/")) {
            for (Path p : list(root.resolve(dir + req.from()))) {
                String rel = dir + req.name() + "/" + root.resolve(dir + req.from()).relativize(p).toString().replace('\\', '/');
                String text = fromWord.matcher(Files.readString(p)).replaceAll(Matcher.quoteReplacement(req.name()));
                text = fromTitle.matcher(text).replaceAll(Matcher.quoteReplacement(title(req.name())));
                text = fromRegionWord.matcher(text).replaceAll(Matcher.quoteReplacement(req.region()));
                files.put(rel, text);
            }
        }
        String newEnvFile = "crossplane/environments/" + req.name() + "/difyenvironment.yaml";
        String env = files.get(newEnvFile);
        env = env.replaceFirst("(?m)^  zones: .*$", Matcher.quoteReplacement("  zones: [" + String.join(", ", req.zones()) + "]"));
        if (req.bucket() != null) {
            env = env.replaceFirst("(?m)^(\\s+bucketName:) \\S+", "$1 " + Matcher.quoteReplacement(req.bucket()));
        }
        files.put(newEnvFile, env);

        String mgmt = "clusters/management/dify-" + req.from() + ".yaml";
        files.put("clusters/management/dify-" + req.name() + ".yaml",
                fromWord.matcher(Files.readString(root.resolve(mgmt))).replaceAll(Matcher.quoteReplacement(req.name())));

        String envs = "crossplane/environments/kustomization.yaml";
        if (Files.isRegularFile(root.resolve(envs))) {
            files.put(envs, insertAfterLine(root, envs, "  - " + req.from(), "  - " + req.name()));
        }
        String store = "crossplane/platform/clustersecretstore-kms.yaml";
        files.put(store, Files.readString(root.resolve(store)).replaceFirst("(- namespaces: \\[[^\\]]*)dify-" + Pattern.quote(req.from()),
                "$0, dify-" + Matcher.quoteReplacement(req.name())));
        String config = ".difyops.yaml";
        if (Files.isRegularFile(root.resolve(config))) {
            String text = Files.readString(root.resolve(config));
            Matcher m = Pattern.compile("(?m)^  - (\\S*" + Pattern.quote(fromRegion) + "\\S*)(.*)$").matcher(text);
            if (m.find() && !text.contains(m.group(1).replace(fromRegion, req.region()))) {
                files.put(config, text.substring(0, m.end()) + "\n  - " + m.group(1).replace(fromRegion, req.region())
                        + "   # " + req.name() + "'s mirror" + text.substring(m.end()));
            }
        }
        List<String> todo = new ArrayList<>();
        todo.add("create the KMS secrets difyops/" + req.name() + "/{node,postgres,redis,analyticdb,registry,app-secret-key,inner-api-key,"
                + "enterprise-app-secret-key,enterprise-admin-apis-secret-key-salt,enterprise-password-encryption-key,minio-root-password}");
        if (!fromRegion.equals(req.region())) {
            todo.add("the values now pull through the registry mirror of " + req.region() + " (each " + fromRegion
                    + " was replaced): create it, or point them at a mirror you have");
        }
        todo.add("review crossplane/environments/" + req.name() + "/difyenvironment.yaml (sizing, CIDRs) and charts-values/" + req.name()
                + "/values.yaml (hosts, replicas), then run ./difyops validate");
        return new Plan(files, fromRegion, todo);
    }

    /** Writes the plan: each file through a temporary file moved into place. */
    public static void write(Path root, Plan plan) throws IOException {
        for (var e : plan.files().entrySet()) {
            Path target = root.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".difyops", ".tmp");
            Files.writeString(tmp, e.getValue(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String insertAfterLine(Path root, String file, String line, String insert) throws IOException {
        return insertAfterLine(root, file, line, insert, null);
    }

    /** Inserts {@code insert} after the last line equal to {@code line} (after {@code near}, when given). */
    private static String insertAfterLine(Path root, String file, String line, String insert, String near) throws IOException {
        String text = Files.readString(root.resolve(file));
        int from = near == null ? 0 : Math.max(0, text.indexOf(near));
        int at = text.indexOf(line + "\n", from);
        if (at < 0) {
            throw new IOException(file + " has no line '" + line.strip() + "' to add the new environment after; add it by hand");
        }
        int end = at + line.length() + 1;
        return text.substring(0, end) + insert + "\n" + text.substring(end);
    }

    private static String title(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String match(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(otherwise);
        }
        return m.group(1);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
