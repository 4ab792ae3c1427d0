package io.difyops.rules.crossplane;

import io.difyops.diag.AppliesTo;
import io.difyops.diag.Findings;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.load.Resource;
import io.difyops.rules.ResourceRule;
import io.difyops.rules.RuleContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "composition-selector", severity = Severity.ERROR, appliesTo = AppliesTo.COMPOSITION,
        summary = "A single-value selector (matchControllerRef plus labels) matches more than one composed resource.",
        explanation = """
                A managed resource's single reference (`vswitchIdSelector`, `instanceIdSelector`, …)
                resolves to **one** object. With `matchControllerRef: true` it picks among the objects
                the same composite composed; when its labels match two of them (both vSwitches, say),
                the provider takes one of them, not necessarily the one in the zone the resource is
                placed in:

                ```yaml
                vswitchIdSelector:
                  matchControllerRef: true
                  matchLabels: {platform.difyops.io/tier: nodes}   # vswitch-a and vswitch-b both match
                ```

                Label each candidate so that exactly one matches (for example its zone), or patch the
                ID explicitly. Resources that the Composition's cel-filter step composes only one of at
                a time (an expression and its negation, or one field compared with different values)
                count once. The kind a selector refers to is read from its name (`vswitchIdSelector` →
                `Vswitch`), preferring the selecting resource's API group.
                """)
public final class CompositionSelector implements ResourceRule {
    private static final Pattern SINGLE = Pattern.compile("([a-z][A-Za-z0-9]*?)Id(?:Ref)?Selector");
    private static final Pattern EQUALS = Pattern.compile("^\\s*(.+?)\\s*==\\s*'([^']*)'\\s*$");

    /** A composed resource: its name, group, kind and base labels, and where its base is. */
    private record Composed(String name, String group, String kind, JsonNode labels, String pointer) {
    }

    @Override
    public void check(Resource r, RuleContext ctx, Findings out) {
        List<Composed> composed = new ArrayList<>();
        Map<String, JsonNode> bases = new LinkedHashMap<>();
        CompositionWalker.walk(r, new CompositionWalker.Visitor() {
            @Override
            public void base(String resourceName, io.difyops.load.Gvk target, JsonNode base, String pointer) {
                if (target != null) {
                    composed.add(new Composed(resourceName, target.group(), target.kind(), base.at("/metadata/labels"), pointer));
                    bases.put(pointer, base);
                }
            }
        });
        Map<String, String> filters = filters(r);
        for (Composed holder : composed) {
            JsonNode forProvider = bases.get(holder.pointer()).at("/spec/forProvider");
            if (!forProvider.isObject()) {
                continue;
            }
            for (var e : forProvider.properties()) {
                Matcher m = SINGLE.matcher(e.getKey());
                JsonNode sel = e.getValue();
                if (!m.matches() || !sel.path("matchControllerRef").asBoolean(false)) {
                    continue;
                }
                String target = m.group(1).toLowerCase(Locale.ROOT);
                // The referenced kind: in the selecting resource's own group one whose name ends with the
                // reference's (instanceId -> EeInstance), else one of that very name in any group (vswitchId -> Vswitch).
                List<Composed> sameGroup = composed.stream().filter(c -> c.group().equals(holder.group())
                        && c.kind().toLowerCase(Locale.ROOT).endsWith(target)).toList();
                List<Composed> candidates = !sameGroup.isEmpty() ? sameGroup
                        : composed.stream().filter(c -> c.kind().toLowerCase(Locale.ROOT).equals(target)).toList();
                List<Composed> matching = new ArrayList<>();
                for (Composed c : candidates) {
                    if (labelsMatch(sel.path("matchLabels"), c.labels()) && matching.stream().noneMatch(x -> exclusive(filters, x, c))) {
                        matching.add(c);
                    }
                }
                if (matching.size() > 1) {
                    out.report(CompositionSelector.class, r, holder.pointer() + "/spec/forProvider/" + e.getKey(), e.getKey() + " of "
                            + holder.name() + " matches " + matching.size() + " composed " + matching.get(0).kind() + "s ("
                            + String.join(", ", matching.stream().map(Composed::name).toList())
                            + "): it resolves to one of them. Add a label only the right one has (its zone), or patch the ID");
                }
            }
        }
    }

    private static boolean labelsMatch(JsonNode want, JsonNode have) {
        for (var e : want.properties()) {
            if (!e.getValue().asString("").equals(have.path(e.getKey()).asString(null))) {
                return false;
            }
        }
        return true;
    }

    /** The cel-filter expressions by composed resource name. */
    private static Map<String, String> filters(Resource r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode step : r.node().at("/spec/pipeline")) {
            if (!step.path("input").path("apiVersion").asString("").startsWith("cel.fn.crossplane.io/")) {
                continue;
            }
            for (JsonNode f : step.path("input").path("filters")) {
                String expr = f.path("expression").asString("");
                String names = f.path("name").asString("");
                for (String n : names.split("\\|")) {
                    out.put(n, expr);
                }
            }
        }
        return out;
    }

    /** Whether the cel-filter composes at most one of the two (an expression and its negation, or one field against two values). */
    private static boolean exclusive(Map<String, String> filters, Composed a, Composed b) {
        String x = filters.get(a.name());
        String y = filters.get(b.name());
        if (x == null || y == null || x.equals(y)) {
            return false;
        }
        if (x.equals("!" + y) || y.equals("!" + x) || x.equals("!(" + y + ")") || y.equals("!(" + x + ")")) {
            return true;
        }
        Matcher mx = EQUALS.matcher(x);
        Matcher my = EQUALS.matcher(y);
        return mx.matches() && my.matches() && mx.group(1).equals(my.group(1)) && !mx.group(2).equals(my.group(2));
    }
}
