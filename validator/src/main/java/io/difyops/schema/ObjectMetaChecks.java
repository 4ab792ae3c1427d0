package io.difyops.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The checks the API server makes on {@code metadata}: name and generateName, namespace, label keys
 * and values, annotation keys and total size. Returns (pointer, message) pairs.
 */
public final class ObjectMetaChecks {
    /** A metadata problem at a pointer. */
    public record Problem(String pointer, String message) {
    }

    static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
    static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE = "(" + QUALIFIED_NAME + ")?";
    private static final Pattern P_LABEL = Pattern.compile(DNS1123_LABEL);
    private static final Pattern P_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
    private static final Pattern P_DNS1035 = Pattern.compile(DNS1035_LABEL);
    private static final Pattern P_QUALIFIED = Pattern.compile(QUALIFIED_NAME);
    private static final Pattern P_VALUE = Pattern.compile(LABEL_VALUE);
    private static final Set<String> RBAC = Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
    private static final int ANNOTATIONS_MAX = 256 * 1024;

    private ObjectMetaChecks() {
    }

    /**
     * @param tolerate values that a substitution (Flux {@code ${VAR}}) would replace; not checked
     */
    public static List<Problem> check(String group, String kind, JsonNode metadata, java.util.function.Predicate<String> tolerate) {
        List<Problem> out = new ArrayList<>();
        if (metadata == null || !metadata.isObject()) {
            out.add(new Problem("/metadata", "missing property 'name' or 'generateName': every object needs metadata.name"));
            return out;
        }
        JsonNode name = metadata.get("name");
        JsonNode gen = metadata.get("generateName");
        boolean hasName = name != null && name.isString() && !name.asString("").isEmpty();
        boolean hasGen = gen != null && gen.isString() && !gen.asString("").isEmpty();
        if (!hasName && !hasGen) {
            out.add(new Problem("/metadata", "missing property 'name' or 'generateName': set metadata.name"));
        }
        if (hasName && !tolerate.test(name.asString(""))) {
            String problem = nameProblem(group, kind, name.asString(""));
            if (problem != null) {
                out.add(new Problem("/metadata/name", problem));
            }
        }
        if (hasGen && !tolerate.test(gen.asString(""))) {
            String g = gen.asString("");
            String problem = nameProblem(group, kind, g.endsWith("-") ? g + "x" : g);
            if (problem != null) {
                out.add(new Problem("/metadata/generateName", problem));
            }
        }
        JsonNode ns = metadata.get("namespace");
        if (ns != null && ns.isString() && !ns.asString("").isEmpty() && !tolerate.test(ns.asString(""))) {
            String n = ns.asString("");
            if (n.contains(".")) {
                out.add(new Problem("/metadata/namespace", "must not contain dots: '" + n + "' is not a valid namespace (a DNS-1123 label)"));
            } else if (n.length() > 63 || !P_LABEL.matcher(n).matches()) {
                out.add(new Problem("/metadata/namespace", "'" + n + "' must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters"));
            }
        }
        JsonNode labels = metadata.get("labels");
        if (labels != null && labels.isObject()) {
            for (var e : labels.properties()) {
                String ptr = "/metadata/labels/" + escape(e.getKey());
                keyProblem(e.getKey(), tolerate).ifPresent(p -> out.add(new Problem(ptr, "key: " + p)));
                JsonNode v = e.getValue();
                if (!v.isString()) {
                    out.add(new Problem(ptr, "must be a string, got " + typeName(v) + "; quote the value"));
                } else if (!tolerate.test(v.asString(""))) {
                    String s = v.asString("");
                    if (s.length() > 63) {
                        out.add(new Problem(ptr, "must be no more than 63 characters (it has " + s.length() + ")"));
                    } else if (!P_VALUE.matcher(s).matches()) {
                        out.add(new Problem(ptr, "must match regex '" + LABEL_VALUE.substring(1, LABEL_VALUE.length() - 2) + "'"
                                + ": label values start and end with a letter or digit and hold only letters, digits, '-', '_' and '.'"));
                    }
                }
            }
        }
        JsonNode annotations = metadata.get("annotations");
        if (annotations != null && annotations.isObject()) {
            long total = 0;
            for (var e : annotations.properties()) {
                String ptr = "/metadata/annotations/" + escape(e.getKey());
                keyProblem(e.getKey(), tolerate).ifPresent(p -> out.add(new Problem(ptr, "key: " + p)));
                if (!e.getValue().isString() && !e.getValue().isNull()) {
                    out.add(new Problem(ptr, "must be a string, got " + typeName(e.getValue()) + "; quote the value"));
                }
                total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
            }
            if (total > ANNOTATIONS_MAX) {
                out.add(new Problem("/metadata/annotations", "total size " + total + " bytes is over the 262144-byte limit"));
            }
        }
        return out;
    }

    private static String nameProblem(String group, String kind, String name) {
        if ("rbac.authorization.k8s.io".equals(group) && RBAC.contains(kind)) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                return "'" + name + "' may not be '.', '..' or contain '/' or '%'";
            }
            return null;
        }
        if (group.isEmpty() && "Namespace".equals(kind)) {
            return name.length() <= 63 && P_LABEL.matcher(name).matches() ? null
                    : "'" + name + "' must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters";
        }
        if (group.isEmpty() && "Service".equals(kind)) {
            return name.length() <= 63 && P_DNS1035.matcher(name).matches() ? null
                    : "'" + name + "' must be a DNS-1035 label: start with a letter; lower-case letters, digits and '-', at most 63 characters";
        }
        if (name.length() > 253 || !P_SUBDOMAIN.matcher(name).matches()) {
            return "'" + name + "' must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters";
        }
        return null;
    }

    private static java.util.Optional<String> keyProblem(String key, java.util.function.Predicate<String> tolerate) {
        if (tolerate.test(key)) {
            return java.util.Optional.empty();
        }
        String prefix = null;
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !P_SUBDOMAIN.matcher(prefix).matches()) {
                return java.util.Optional.of("must match regex '" + DNS1123_SUBDOMAIN + "' (the prefix before '/' is a DNS subdomain)");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !P_QUALIFIED.matcher(name).matches()) {
            return java.util.Optional.of("must match regex '" + QUALIFIED_NAME + "' with at most 63 characters after an optional 'prefix/'");
        }
        return java.util.Optional.empty();
    }

    private static String typeName(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        return v.isArray() ? "sequence" : v.isObject() ? "mapping" : "scalar";
    }

    private static String escape(String k) {
        return k.replace("~", "~0").replace("/", "~1");
    }
}
