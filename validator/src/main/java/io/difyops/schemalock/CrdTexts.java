package io.difyops.schemalock;

import io.difyops.load.Limits;
import io.difyops.load.YamlDocument;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.schema.CrdConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CRDs (and XRDs) in a YAML stream: a package.yaml, a chart's {@code crds/} file, or a chart
 * template. Templates are read as Helm would render them with the CRD switched on: lines that hold
 * only a template action ({@code {{- if .Values.crds.x }}}, {@code {{- end }}}) are dropped; a
 * document with any other template expression is not a literal CRD and is left out.
 */
final class CrdTexts {
    private static final Pattern ACTION_LINE = Pattern.compile("(?m)^[ \\t]*\\{\\{-?[^}]*-?\\}\\}[ \\t]*$\\n?");

    private CrdTexts() {
    }

    static boolean mentionsDefinition(String text) {
        return text.contains("CustomResourceDefinition") || text.contains("CompositeResourceDefinition");
    }

    static List<SourceReader.Definition> definitions(String label, String text) {
        String plain = ACTION_LINE.matcher(text).replaceAll("");
        List<SourceReader.Definition> out = new ArrayList<>();
        for (String part : plain.split("(?m)^---[ \\t]*$")) {
            if (part.contains("{{") || !mentionsDefinition(part)) {
                continue;
            }
            Findings problems = new Findings();
            for (YamlDocument d : new YamlReader(Limits.DEFAULT, false).read(label, part, problems)) {
                if ((CrdConverter.isCrd(d.root()) || CrdConverter.isXrd(d.root())) && CrdConverter.shapeProblem(d.root()).isEmpty()) {
                    for (CrdConverter.Version v : CrdConverter.versions(d.root())) {
                        out.add(new SourceReader.Crd(v));
                    }
                }
            }
        }
        return out;
    }
}
