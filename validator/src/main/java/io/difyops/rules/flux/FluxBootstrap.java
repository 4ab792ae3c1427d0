package io.difyops.rules.flux;

import io.difyops.diag.Findings;
import io.difyops.diag.Position;
import io.difyops.diag.RuleInfo;
import io.difyops.diag.Severity;
import io.difyops.git.GitIgnores;
import io.difyops.load.YamlDocument;
import io.difyops.rules.RepositoryRule;
import io.difyops.rules.RuleContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

@RuleInfo(id = "flux-bootstrap", severity = Severity.ERROR,
        summary = "What `flux bootstrap` writes would break: an ignored file a kustomization lists, settings bootstrap overwrites, another Flux version.",
        explanation = """
                `flux bootstrap` writes `flux-system/gotk-components.yaml` and `gotk-sync.yaml`, commits them,
                and applies `flux-system/kustomization.yaml`, which lists both. Three mistakes make that fail
                or silently undo settings, while every manifest stays valid:

                - a file a `kustomization.yaml` lists (resources, components, patches) that git ignores:
                  bootstrap does not commit ignored files, so the root Kustomization fails on the missing file
                  (a `.gitignore` line `clusters/*/flux-system/gotk-components.yaml` does exactly that);
                - settings of the two sync objects written into `gotk-sync.yaml` beyond what bootstrap writes
                  (GitRepository `interval`, `ref`, `secretRef`, `url`; Kustomization `interval`, `path`,
                  `prune`, `sourceRef`): the next bootstrap rewrites the file and drops them. Put them in
                  `flux-system/kustomization.yaml` as patches, which bootstrap keeps (fluxcd.io, "Flux
                  bootstrap customization");
                - a `gotk-components.yaml` whose `# Flux Version:` header is not `.difyops.yaml`'s
                  `fluxVersion`, the version the schema lock was made for: bootstrap with `--version` of the
                  pin, or move the pin and run `difyops schemas lock`.
                """)
public final class FluxBootstrap implements RepositoryRule {
    private static final Pattern VERSION = Pattern.compile("(?m)^# Flux Version: (v[0-9][^\\s#]*)");
    private static final Map<String, Set<String>> BOOTSTRAP_WRITES = Map.of(
            "GitRepository", Set.of("interval", "ref", "secretRef", "url"),
            "Kustomization", Set.of("interval", "path", "prune", "sourceRef"));

    @Override
    public void check(RuleContext ctx, Findings out) {
        Path root = ctx.options().root();
        java.util.Set<String> reportedLines = new java.util.HashSet<>();
        for (Map.Entry<String, List<YamlDocument>> e : ctx.model().documents().entrySet()) {
            String file = e.getKey();
            String name = file.substring(file.lastIndexOf('/') + 1);
            String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
            if (name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization")) {
                for (YamlDocument d : e.getValue()) {
                    listed(root, dir, d, "/resources", out);
                    listed(root, dir, d, "/components", out);
                    JsonNode patches = d.root().path("patches");
                    for (int i = 0; i < patches.size(); i++) {
                        String path = patches.get(i).path("path").asString("");
                        if (!path.isEmpty()) {
                            ignored(root, dir, path, d, "/patches/" + i + "/path", out);
                        }
                    }
                }
            }
            if (name.equals("gotk-sync.yaml") && dir.endsWith("flux-system/")) {
                for (YamlDocument d : e.getValue()) {
                    String kind = d.root().path("kind").asString("");
                    Set<String> written = BOOTSTRAP_WRITES.get(kind);
                    if (written == null || !"flux-system".equals(d.root().at("/metadata/name").asString(""))) {
                        continue;
                    }
                    for (String field : d.root().path("spec").propertyNames()) {
                        if (!written.contains(field)) {
                            out.reportAt(FluxBootstrap.class, file, d.positionOf("/spec/" + field), "/spec/" + field, kind
                                    + " flux-system sets spec." + field + " in gotk-sync.yaml, which flux bootstrap rewrites without it; "
                                    + "move it to a patch in " + dir + "kustomization.yaml, which bootstrap keeps");
                        }
                    }
                }
                GitIgnores.ignoring(root, dir + "gotk-components.yaml").filter(m -> reportedLines.add(m.file() + ":" + m.line()))
                        .ifPresent(m -> out.reportAt(FluxBootstrap.class, m.file(),
                        new Position(m.line(), 1), "", "git ignores " + dir + "gotk-components.yaml (" + m.pattern() + "), so flux "
                        + "bootstrap does not commit the Flux components that flux-system/kustomization.yaml lists and the root "
                        + "Kustomization fails on the missing file; remove this line"));
                if (!ctx.model().documents().containsKey(dir + "kustomization.yaml")) {
                    out.reportAt(FluxBootstrap.class, file, e.getValue().isEmpty() ? Position.START : e.getValue().get(0).positionOf(""), "",
                            dir + "kustomization.yaml is not committed: flux bootstrap "
                            + "then writes its own, which drops every patch of the sync objects; commit one that lists gotk-components.yaml "
                            + "and gotk-sync.yaml");
                }
            }
        }
        components(ctx, root, out);
    }

    /** gotk-components.yaml's Flux version against the pin, in every flux-system folder the repository has. */
    private static void components(RuleContext ctx, Path root, Findings out) {
        String pin = ctx.options().versions().flux() == null ? "" : ctx.options().versions().flux().value();
        if (pin.isEmpty()) {
            return;
        }
        java.util.Set<String> dirs = new java.util.TreeSet<>();
        for (String file : ctx.model().documents().keySet()) {
            int slash = file.lastIndexOf('/');
            if (slash > 0 && file.substring(0, slash + 1).endsWith("flux-system/")) {
                dirs.add(file.substring(0, slash + 1));
            }
        }
        for (String dir : dirs) {
            String rel = dir + "gotk-components.yaml";
            String text;
            try {
                Path p = root.resolve(rel);
                if (!java.nio.file.Files.isRegularFile(p) || java.nio.file.Files.size(p) > 64L << 20) {
                    continue;
                }
                text = java.nio.file.Files.readString(p, java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException | RuntimeException e) {
                continue;
            }
            Matcher m = VERSION.matcher(text);
            if (m.find() && !m.group(1).equals(pin)) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                out.reportAt(FluxBootstrap.class, rel, new Position(line, 1), "", "these Flux components are " + m.group(1)
                        + " but .difyops.yaml pins fluxVersion " + pin + " (the schema lock's): run flux bootstrap --version=" + pin
                        + ", or move the pin and run difyops schemas lock");
            }
        }
    }

    private static void listed(Path root, String dir, YamlDocument d, String pointer, Findings out) {
        JsonNode list = d.root().at(pointer);
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i).asString("");
            // flux-system/gotk-components.yaml is reported once, at the .gitignore line (see gotk-sync.yaml above)
            if (!entry.isEmpty() && !entry.contains("://") && !entry.startsWith("github.com/")
                    && !(dir.endsWith("flux-system/") && entry.equals("gotk-components.yaml"))) {
                ignored(root, dir, entry, d, pointer + "/" + i, out);
            }
        }
    }

    private static void ignored(Path root, String dir, String entry, YamlDocument d, String pointer, Findings out) {
        String rel = root.resolve(dir).resolve(entry).normalize().toString();
        String base = root.normalize().toString();
        if (!rel.startsWith(base + java.io.File.separator)) {
            return;
        }
        String relPath = rel.substring(base.length() + 1).replace('\\', '/');
        GitIgnores.ignoring(root, relPath).ifPresent(m -> out.reportAt(FluxBootstrap.class, d.file(), d.positionOf(pointer), pointer,
                relPath + " is listed here but git ignores it (" + m.file() + ":" + m.line() + " " + m.pattern() + "), so no clone "
                        + "and no flux bootstrap commit has it and the build fails; remove that ignore line and commit the file"));
    }
}
