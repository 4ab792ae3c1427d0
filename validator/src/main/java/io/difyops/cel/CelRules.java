package io.difyops.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evaluates Kubernetes {@code x-kubernetes-validations} CEL rules with {@code dev.cel:cel}, as the
 * API server does on create: schema defaults are applied first, {@code self} is the value at the
 * rule's place, and transition rules (those that use {@code oldSelf}) run only when an old object is
 * given.
 */
public final class CelRules {
    /** A rule that did not hold (or could not be evaluated), at a pointer of the object. */
    public record Violation(String pointer, String rule, String message, boolean evaluationError) {
        public Violation(String pointer, String rule, String message) {
            this(pointer, rule, message, false);
        }
    }

    /** One rule as written in a schema, with the schema path it sits at. */
    public record Site(String schemaPath, JsonNode rule) {
        public String expression() {
            return rule.path("rule").asString("");
        }
    }

    private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

    /**
     * The CEL environment takes about half a second to build: it is built on a thread of its own from
     * the start (see {@link #prepare}), while the command line and the repository are read, and waited
     * for by the first rule compiled. One environment serves every instance (it is immutable).
     */
    private static java.util.concurrent.CompletableFuture<Cel> environment;

    private final java.util.concurrent.CompletableFuture<Cel> cel = prepare();

    /**
     * Starts building the CEL environment, once per JVM, on a daemon thread (not the common pool, whose one
     * worker on two cores the warm-up of schemas needs). {@code Main} calls it first thing for a validate.
     */
    public static synchronized java.util.concurrent.CompletableFuture<Cel> prepare() {
        if (environment == null) {
            java.util.concurrent.CompletableFuture<Cel> f = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(build());
                } catch (RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            }, "difyops-cel-environment");
            t.setDaemon(true);
            t.start();
            environment = f;
        }
        return environment;
    }
    private final Map<String, Object> programs = new ConcurrentHashMap<>();

    public CelRules() {
    }

    private Cel cel() {
        return cel.join();
    }

    private static Cel build() {
        CelOptions options = CelOptions.current().build();
        return CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
                .addVar("self", SimpleType.DYN)
                .addVar("oldSelf", SimpleType.DYN)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.math(options),
                        CelExtensions.encoders(options), CelExtensions.optional(), CelExtensions.lists(), CelExtensions.regex())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.math(options),
                        CelExtensions.encoders(options), CelExtensions.optional(), CelExtensions.lists(), CelExtensions.regex())
                .build();
    }

    public static boolean isTransitionRule(String expression) {
        return OLD_SELF.matcher(expression).find();
    }

    /** Compiles a rule (cached); throws {@link IllegalArgumentException} with the compiler's message. */
    public CelRuntime.Program program(String expression) {
        Object p = programs.computeIfAbsent(expression, this::build);
        if (p instanceof String error) {
            throw new IllegalArgumentException(error);
        }
        return (CelRuntime.Program) p;
    }

    private Object build(String expression) {
        try {
            CelAbstractSyntaxTree ast = cel().compile(expression).getAst();
            return cel().createProgram(ast);
        } catch (CelValidationException e) {
            return e.getMessage().replaceAll("\\s+", " ");
        } catch (RuntimeException | dev.cel.common.CelException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /**
     * Kubernetes' runtime CEL limits (k8s.io/apiserver/pkg/apis/cel/config.go): one evaluation of one
     * expression may cost {@value #PER_CALL_LIMIT}, all rules on one object together
     * {@value #PER_OBJECT_BUDGET}. Cost here is one unit per evaluated expression node, the base unit
     * of cel-go's runtime cost; the API server adds more for string and list functions, so this
     * budget is never stricter than the server's.
     */
    public static final long PER_CALL_LIMIT = 1_000_000L;

    public static final long PER_OBJECT_BUDGET = 10_000_000L;

    /** What the rules of one object may still spend. */
    public static final class Budget {
        private long remaining;

        public Budget(long total) {
            this.remaining = total;
        }

        public long remaining() {
            return remaining;
        }
    }

    /** Thrown out of an evaluation that spent more than it may. */
    static final class CostExceeded extends RuntimeException {
        final boolean perCall;

        CostExceeded(boolean perCall) {
            super(null, null, false, false);
            this.perCall = perCall;
        }
    }

    /** Evaluates a compiled rule within the per-call limit; the result of a rule must be a boolean. */
    public Object eval(String expression, Object self, Object oldSelf) throws CelEvaluationException {
        return eval(expression, self, oldSelf, new Budget(PER_CALL_LIMIT));
    }

    private Object eval(String expression, Object self, Object oldSelf, Budget budget) throws CelEvaluationException {
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", self);
        if (oldSelf != null) {
            vars.put("oldSelf", oldSelf);
        }
        long[] spent = {0};
        try {
            return program(expression).trace(vars, (expr, result) -> {
                spent[0]++;
                if (spent[0] > PER_CALL_LIMIT) {
                    throw new CostExceeded(true);
                }
                if (spent[0] > budget.remaining) {
                    throw new CostExceeded(false);
                }
            });
        } catch (CelEvaluationException e) {
            if (e.getCause() instanceof CostExceeded c) {
                throw c;
            }
            throw e;
        } finally {
            budget.remaining -= Math.min(spent[0], budget.remaining);
        }
    }

    /** Every rule in a schema document, with where it sits. */
    public static List<Site> sites(JsonNode schema) {
        List<Site> out = new ArrayList<>();
        walkSchema(schema, "", s -> out.add(s));
        return out;
    }

    private static void walkSchema(JsonNode schema, String path, Consumer<Site> sink) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        for (JsonNode r : schema.path("x-kubernetes-validations")) {
            sink.accept(new Site(path.isEmpty() ? "/" : path, r));
        }
        for (var p : schema.path("properties").properties()) {
            walkSchema(p.getValue(), path + "/properties/" + p.getKey(), sink);
        }
        walkSchema(schema.get("additionalProperties"), path + "/additionalProperties", sink);
        walkSchema(schema.get("items"), path + "/items", sink);
    }

    /** Whether a schema document holds any rule, known per document (most kinds have none). */
    private final Map<JsonNode, Boolean> hasRules = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** Checks every rule of {@code schema} against {@code object} ({@code old} may be null). */
    public List<Violation> validate(JsonNode schema, JsonNode object, JsonNode old) {
        if (!hasRules.computeIfAbsent(schema, s -> !sites(s).isEmpty())) {
            return List.of(); // no rule to run: no copy, no defaults, no walk
        }
        List<Violation> out = new ArrayList<>();
        JsonNode withDefaults = object.deepCopy();
        Defaults.apply(schema, withDefaults);
        JsonNode oldWithDefaults = null;
        if (old != null) {
            oldWithDefaults = old.deepCopy();
            Defaults.apply(schema, oldWithDefaults);
        }
        walk(schema, withDefaults, oldWithDefaults, "", out, new Budget(PER_OBJECT_BUDGET));
        return out;
    }

    private void walk(JsonNode schema, JsonNode value, JsonNode old, String pointer, List<Violation> out, Budget budget) {
        if (schema == null || !schema.isObject() || value == null || value.isNull() || value.isMissingNode() || budget.remaining <= 0) {
            return;
        }
        JsonNode rules = schema.get("x-kubernetes-validations");
        if (value.isIntegralNumber() && !value.canConvertToLong()) {
            // the API server decodes integers into 64 bits; it refuses this value before any rule runs
            out.add(new Violation(pointer, "", "an integer of " + value.bigIntegerValue().abs().toString().length()
                    + " digits is beyond Kubernetes' 64-bit integers; no rule here was evaluated", true));
            return;
        }
        if (rules != null && rules.isArray()) {
            for (JsonNode rule : rules) {
                check(rule, value, old, pointer, out, budget);
                if (budget.remaining <= 0) {
                    return;
                }
            }
        }
        if (value.isObject()) {
            JsonNode props = schema.get("properties");
            JsonNode addl = schema.get("additionalProperties");
            for (var e : value.properties()) {
                JsonNode child = props != null ? props.get(e.getKey()) : null;
                if (child == null && addl != null && addl.isObject()) {
                    child = addl;
                }
                if (child != null) {
                    JsonNode oldChild = old != null && old.isObject() ? old.get(e.getKey()) : null;
                    walk(child, e.getValue(), oldChild, pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out, budget);
                }
            }
        } else if (value.isArray() && schema.get("items") != null) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.get("items"), value.get(i), null, pointer + "/" + i, out, budget);
            }
        }
    }

    private void check(JsonNode rule, JsonNode value, JsonNode old, String pointer, List<Violation> out, Budget budget) {
        String expr = rule.path("rule").asString("");
        if (expr.isBlank()) {
            return;
        }
        boolean transition = isTransitionRule(expr);
        if (transition && old == null) {
            return;
        }
        String where = pointer + fieldPathPointer(rule.path("fieldPath").asString(""));
        Object self = toCel(value);
        Object oldSelf = transition ? toCel(old) : null;
        try {
            Object result = eval(expr, self, oldSelf, budget);
            if (!Boolean.TRUE.equals(result)) {
                out.add(new Violation(where, expr, message(rule, expr, self, oldSelf)));
            }
        } catch (CostExceeded e) {
            budget.remaining = e.perCall ? budget.remaining : 0;
            out.add(new Violation(where, expr, e.perCall
                    ? "the rule '" + shortRule(expr) + "' exceeded Kubernetes' CEL cost limit of " + PER_CALL_LIMIT
                            + " per evaluation, so the API server would refuse this object; bound the lists it iterates"
                            + " (maxItems, maxLength) or make the rule cheaper"
                    : "the rule '" + shortRule(expr) + "' exhausted Kubernetes' CEL cost budget of " + PER_OBJECT_BUDGET
                            + " per object, so the API server would refuse this object and no further rule was evaluated;"
                            + " bound the lists the rules iterate or make them cheaper"));
        } catch (IllegalArgumentException e) {
            out.add(new Violation(where, expr, "the rule '" + expr + "' does not compile: " + e.getMessage()));
        } catch (CelEvaluationException e) {
            out.add(new Violation(where, expr, "the rule '" + expr + "' could not be evaluated: " + e.getMessage(), true));
        }
    }

    private String message(JsonNode rule, String expr, Object self, Object oldSelf) {
        String msgExpr = rule.path("messageExpression").asString("");
        if (!msgExpr.isBlank()) {
            try {
                Object m = eval(msgExpr, self, oldSelf);
                if (m instanceof String s && !s.isBlank() && s.length() <= 5 * 1024) { // MaxEvaluatedMessageExpressionSizeBytes
                    return s;
                }
            } catch (RuntimeException | CelEvaluationException e) {
                // fall back to the static message
            }
        }
        String msg = rule.path("message").asString("");
        return msg.isBlank() ? "failed rule: " + expr : msg;
    }

    private static String shortRule(String expr) {
        String one = expr.replaceAll("\\s+", " ").trim();
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    /** {@code .spec.foo} or {@code .spec['a.b']} to a JSON pointer suffix. */
    static String fieldPathPointer(String fieldPath) {
        if (fieldPath == null || fieldPath.isBlank()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        var m = Pattern.compile("\\.([A-Za-z0-9_$-]+)|\\['([^']*)'\\]|\\[(\\d+)\\]").matcher(fieldPath);
        while (m.find()) {
            String token = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            sb.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    /** Jackson to CEL values: maps, lists, int64, double, string, bool, null. */
    public static Object toCel(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var e : n.properties()) {
                m.put(e.getKey(), toCel(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(toCel(x)));
            return l;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            if (n.canConvertToLong()) {
                return Long.valueOf(n.longValue());
            }
            return Double.valueOf(n.doubleValue());
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asString("");
    }

    /** Applies schema defaults the way the API server does before validation. */
    public static final class Defaults {
        private Defaults() {
        }

        public static void apply(JsonNode schema, JsonNode value) {
            if (schema == null || !schema.isObject() || value == null) {
                return;
            }
            if (value instanceof ObjectNode obj) {
                JsonNode props = schema.get("properties");
                if (props != null) {
                    for (var p : props.properties()) {
                        JsonNode def = p.getValue().get("default");
                        if (!obj.has(p.getKey()) && def != null) {
                            obj.set(p.getKey(), def.deepCopy());
                        }
                        if (obj.has(p.getKey())) {
                            apply(p.getValue(), obj.get(p.getKey()));
                        }
                    }
                }
                JsonNode addl = schema.get("additionalProperties");
                if (addl != null && addl.isObject()) {
                    for (var e : obj.properties()) {
                        if (props == null || !props.has(e.getKey())) {
                            apply(addl, e.getValue());
                        }
                    }
                }
            } else if (value.isArray() && schema.get("items") != null) {
                value.forEach(v -> apply(schema.get("items"), v));
            }
        }
    }
}
