package io.difyops.engine;

import io.difyops.chart.ChartValues;
import io.difyops.diag.Finding;
import io.difyops.load.YamlDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The last guard before a report is written: no message may carry a value that sits in a Secret
 * ({@code data}, {@code stringData}), under a secret-like key (password, token, apiKey…), in a
 * {@code secretGenerator} literal or a secret-named environment variable. Whatever a rule, the
 * reader or kustomize put in a message, such a value is replaced by {@code ***}.
 */
final class Redactor {
    /** Values shorter than this are too common to hide without hiding ordinary words. */
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    private Redactor(Set<String> secrets) {
        this.secrets = new ArrayList<>(secrets);
        // a longer value first, so no part of it is left; then by text, so the result never depends on a set's order
        this.secrets.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    }

    static Redactor of(Map<String, List<YamlDocument>> documents) {
        // files side by side (a fleet has ten thousand); the sets are concurrent, what they hold does not depend on order
        Set<String> out = java.util.concurrent.ConcurrentHashMap.newKeySet();
        documents.values().parallelStream().forEach(docs -> {
            for (YamlDocument d : docs) {
                collect(d.root(), out, false);
                JsonNode root = d.root();
                if ("Secret".equals(root.path("kind").asString(""))) {
                    for (String field : List.of("data", "stringData")) {
                        root.path(field).values().forEach(v -> add(v, out));
                    }
                }
                for (JsonNode g : root.path("secretGenerator")) {
                    for (JsonNode l : g.path("literals")) {
                        String s = l.asString("");
                        int eq = s.indexOf('=');
                        add(s, out); // the whole literal, also when it is malformed (kustomize quotes it then)
                        if (eq > 0) {
                            add(s.substring(eq + 1), out);
                        }
                    }
                }
            }
        });
        // a value the repository also states in the open (a user name in a Secret template that is also an
        // account elsewhere, a chart name) is no secret, and hiding it would hide what a finding is about
        if (!out.isEmpty()) {
            Set<String> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
            documents.values().parallelStream().forEach(docs -> {
                for (YamlDocument d : docs) {
                    if (!"Secret".equals(d.root().path("kind").asString(""))) {
                        collectOpen(d.root(), out, open);
                    }
                }
            });
            out.removeAll(open);
        }
        return new Redactor(out);
    }

    /** Scalars under keys that name no secret. */
    private static void collectOpen(JsonNode n, Set<String> secrets, Set<String> open) {
        if (n.isObject()) {
            for (var e : n.properties()) {
                if (e.getValue().isContainer()) {
                    collectOpen(e.getValue(), secrets, open);
                } else if (!ChartValues.isSecretName(e.getKey()) && !e.getKey().equals("value") && !e.getKey().equals("literals")) {
                    String v = e.getValue().asString("").strip();
                    if (secrets.contains(v)) {
                        open.add(v);
                    }
                }
            }
        } else if (n.isArray()) {
            for (JsonNode v : n) {
                if (v.isContainer()) {
                    collectOpen(v, secrets, open);
                }
            }
        }
    }

    private static void collect(JsonNode n, Set<String> out, boolean secret) {
        if (n.isObject()) {
            boolean envSecret = n.has("name") && n.has("value") && ChartValues.isSecretEnvName(n.path("name").asString(""));
            for (var e : n.properties()) {
                // the key itself names a secret (password, apiKey…); a mapping under one (credentials:) holds ordinary
                // settings too (sslmode), whose own keys decide
                boolean under = ChartValues.isSecretName(e.getKey()) && !e.getValue().isContainer() || envSecret && e.getKey().equals("value");
                collect(e.getValue(), out, under);
            }
        } else if (n.isArray()) {
            n.forEach(v -> collect(v, out, secret));
        } else if (secret) {
            add(n, out);
        }
    }

    private static void add(JsonNode v, Set<String> out) {
        if (v.isValueNode() && !v.isNull()) {
            add(v.asString(""), out);
        }
    }

    private static void add(String s, Set<String> out) {
        String t = s.strip();
        if (t.length() >= MIN_LENGTH && !ChartValues.isPlaceholder(t)) {
            out.add(t);
        }
    }

    /**
     * One redactor hiding what any of these hides: for a run read in batches, whose batches each knew
     * only their own files (so a value stated in the open in another batch stays hidden: never less hidden
     * than a whole read would hide).
     */
    static Redactor union(java.util.Collection<Redactor> parts) {
        Set<String> all = new HashSet<>();
        parts.forEach(p -> all.addAll(p.secrets));
        return new Redactor(all);
    }

    String clean(String message) {
        String m = message;
        for (String s : secrets) {
            if (m.contains(s)) {
                m = m.replace(s, "***");
            }
        }
        return m;
    }

    List<Finding> clean(List<Finding> findings) {
        if (secrets.isEmpty()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String m = clean(f.message());
            String d = clean(f.detail());
            out.add(m.equals(f.message()) && d.equals(f.detail()) ? f
                    : new Finding(f.rule(), f.severity(), f.file(), f.line(), f.column(), f.pointer(), f.resource(), m, d));
        }
        return out;
    }
}
