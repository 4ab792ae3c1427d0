package io.difyops.cluster;

import io.difyops.load.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code difyops status} as text (aligned columns, then what needs attention) or JSON. */
public final class StatusTable {
    private StatusTable() {
    }

    public static String text(LiveState s, String where) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ENVIRONMENT", "GIT", "DEPLOYED", "PENDING STOPS", "HELMRELEASE", "DIFYENVIRONMENT", "FLUX"});
        for (LiveState.Environment e : s.environments()) {
            long ready = e.kustomizations().stream().filter(LiveState.Kustomization::isReady).count();
            rows.add(new String[] {
                    e.name(),
                    e.gitVersion(),
                    e.deployed() == null ? (e.releaseFound() ? "(none)" : "-") : e.deployed(),
                    e.pendingStops().isEmpty() ? "-" : String.join(" → ", e.pendingStops()),
                    !e.releaseFound() ? "not found" : e.releaseReady().map(LiveState.Condition::toString).orElse("no Ready condition"),
                    !e.environmentFound() ? "not found" : e.environmentConditions().stream().filter(c -> c.type().equals("Ready") || c.type().equals("Synced"))
                            .sorted(java.util.Comparator.comparing(c -> c.type().equals("Ready") ? 0 : 1))
                            .map(c -> c.type() + "=" + c.status()).collect(Collectors.joining(", ")),
                    ready + "/" + e.kustomizations().size() + " ready"});
        }
        StringBuilder sb = new StringBuilder("Live state (" + where + ") against git\n\n");
        table(rows, sb);
        List<String> notes = new ArrayList<>();
        for (LiveState.Environment e : s.environments()) {
            if (!e.releaseFound()) {
                notes.add(e.name() + ": HelmRelease " + e.namespace() + "/ack-dify not found: Flux has not applied it yet");
                continue;
            }
            if (e.deployed() != null && !e.deployed().equals(e.gitVersion())) {
                notes.add(e.name() + ": git asks for " + e.gitVersion() + ", the cluster runs " + e.deployed()
                        + (e.pendingStops().isEmpty() ? "" : "; Non-skippable stop" + (e.pendingStops().size() == 1 ? "" : "s")
                        + " still to pass: " + String.join(", ", e.pendingStops())));
            }
            if (e.lastAttempt() != null && !"deployed".equals(e.lastAttemptStatus()) && !"superseded".equals(e.lastAttemptStatus())) {
                notes.add(e.name() + ": the last release attempt (" + e.lastAttempt() + ") is " + e.lastAttemptStatus());
            }
            e.releaseReady().filter(c -> !c.status().equals("True") && c.message() != null)
                    .ifPresent(c -> notes.add(e.name() + ": HelmRelease not ready: " + c.message()));
            e.environmentConditions().stream().filter(c -> !c.status().equals("True") && c.message() != null)
                    .forEach(c -> notes.add(e.name() + ": DifyEnvironment " + c.type() + "=" + c.status() + ": " + c.message()));
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append(n).append('\n'));
        }
        if (!s.kustomizations().isEmpty()) {
            List<String[]> ks = new ArrayList<>();
            ks.add(new String[] {"KUSTOMIZATION", "READY", "REVISION"});
            for (LiveState.Kustomization k : s.kustomizations()) {
                ks.add(new String[] {k.namespace() + "/" + k.name(),
                        !k.found() ? "not found" : k.ready().map(LiveState.Condition::toString).orElse("no Ready condition"),
                        k.revision() == null ? "-" : k.revision()});
            }
            sb.append('\n');
            table(ks, sb);
        }
        return sb.toString();
    }

    public static String json(LiveState s) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode envs = root.putArray("environments");
        for (LiveState.Environment e : s.environments()) {
            ObjectNode o = envs.addObject();
            o.put("name", e.name()).put("namespace", e.namespace()).put("git", e.gitVersion()).put("deployed", e.deployed())
                    .put("lastAttempt", e.lastAttempt()).put("lastAttemptStatus", e.lastAttemptStatus()).put("inSync", e.inSync());
            ArrayNode p = o.putArray("pendingStops");
            e.pendingStops().forEach(p::add);
            o.put("helmReleaseFound", e.releaseFound());
            e.releaseReady().ifPresent(c -> condition(o.putObject("helmReleaseReady"), c));
            o.put("difyEnvironmentFound", e.environmentFound());
            ArrayNode cs = o.putArray("difyEnvironmentConditions");
            e.environmentConditions().forEach(c -> condition(cs.addObject(), c));
            ArrayNode ks = o.putArray("kustomizations");
            e.kustomizations().forEach(k -> ks.add(k.namespace() + "/" + k.name()));
        }
        ArrayNode ks = root.putArray("kustomizations");
        for (LiveState.Kustomization k : s.kustomizations()) {
            ObjectNode o = ks.addObject().put("namespace", k.namespace()).put("name", k.name()).put("found", k.found())
                    .put("ready", k.isReady()).put("revision", k.revision());
            k.ready().ifPresent(c -> condition(o.putObject("readyCondition"), c));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void condition(ObjectNode o, LiveState.Condition c) {
        o.put("type", c.type()).put("status", c.status()).put("reason", c.reason()).put("message", c.message());
    }

    private static void table(List<String[]> rows, StringBuilder sb) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (w[i] + 2) + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
