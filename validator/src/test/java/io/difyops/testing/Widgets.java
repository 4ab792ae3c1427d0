package io.difyops.testing;

/** The small custom resource definition the tests validate against: example.com/v1 Widget. */
public final class Widgets {
    /** spec.size (required integer ≤ 10, CEL: positive), spec.colour (string), data (map of lower-case words). */
    public static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          required: [size]
                          properties:
                            size: {type: integer, maximum: 10}
                            colour: {type: string}
                          x-kubernetes-validations:
                            - rule: "!has(self.size) || self.size > 0"
                              message: size must be positive
                        data:
                          type: object
                          additionalProperties: {type: string, pattern: "^[a-z]+$"}
            """;

    private Widgets() {
    }

    /**
     * A one-version, namespaced CRD of {@code kind} in {@code group} whose openAPIV3Schema is {@code schema}
     * (YAML, unindented). The schema's first line is line 15 of the text.
     */
    public static String crd(String group, String kind, String schema) {
        String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: %s.%s
                spec:
                  group: %s
                  names: {kind: %s, plural: %s}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                """.formatted(plural, group, group, kind, plural) + schema.stripIndent().indent(10);
    }

    /** A Widget manifest with the given spec lines (each indented under spec:). */
    public static String widget(String name, String... specLines) {
        StringBuilder sb = new StringBuilder("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: " + name + "\nspec:\n");
        for (String l : specLines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
