package io.difyops.cli;

import io.difyops.config.Options;
import io.difyops.config.RepoConfig;
import io.difyops.engine.Validator;
import io.difyops.model.Model;
import io.difyops.render.CompositionRenderer;
import io.difyops.render.EnvironmentRender;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Prints every cloud resource an environment's Composition creates, rendered offline.",
                "Rendered with the XRD's defaults and a simulated provider status, each checked against its locked schema. Exit 1 when an",
                "object breaks its schema or a resource stays held back by a Required patch."})
final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ENV", arity = "0..1", description = "the DifyEnvironment to render (all when omitted)")
    String environment;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "yaml", description = "yaml or json (default: ${DEFAULT-VALUE})")
    String output;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            if (!output.equals("yaml") && !output.equals("json")) {
                throw new IllegalArgumentException("unknown output format '" + output + "' (use yaml or json)");
            }
            Path root = repository.root();
            RepoConfig cfg = RepoConfig.load(root);
            Options o = CommandOptions.locked(root, cfg, null);
            Model model = new Validator().model(o);
            var schemas = Validator.schemas(o, model);
            List<String> names = environment == null ? EnvironmentRender.environments(model) : List.of(environment);
            boolean clean = true;
            StringBuilder out = new StringBuilder();
            for (String name : names) {
                EnvironmentRender.Outcome r = EnvironmentRender.render(model, schemas, name);
                clean &= r.clean();
                out.append(print(r));
            }
            spec.commandLine().getOut().print(out);
            return clean ? ExitCodes.CLEAN : ExitCodes.FINDINGS;
        } catch (IllegalArgumentException | RepoConfig.ConfigException | io.difyops.engine.UsageException
                 | CompositionRenderer.RenderException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }

    private String print(EnvironmentRender.Outcome r) {
        StringBuilder b = new StringBuilder();
        CompositionRenderer.Result res = r.result();
        String header = "environment " + r.environment() + " (Composition " + r.composition() + "): " + res.composed().size()
                + " resources, " + res.reconciles() + " simulated reconciles";
        if (output.equals("json")) {
            var f = tools.jackson.databind.node.JsonNodeFactory.instance;
            var doc = f.objectNode();
            doc.put("environment", r.environment());
            doc.put("composition", r.composition());
            doc.set("composite", res.composite());
            var list = doc.putArray("resources");
            res.composed().forEach(c -> list.add(c.object()));
            var held = doc.putArray("heldBack");
            res.heldBack().forEach(h -> held.addObject().put("name", h.name()).put("reason", h.reason()));
            var filtered = doc.putArray("filteredOut");
            res.filteredOut().forEach(filtered::add);
            var problems = doc.putArray("problems");
            r.problems().forEach(p -> problems.addObject().put("resource", p.resource()).put("pointer", p.pointer()).put("message", p.message()));
            return doc.toPrettyString() + "\n";
        }
        b.append("# ").append(header).append('\n');
        if (!res.filteredOut().isEmpty()) {
            b.append("# filtered out (function-cel-filter): ").append(String.join(", ", res.filteredOut())).append('\n');
        }
        for (CompositionRenderer.HeldBack h : res.heldBack()) {
            b.append("# HELD BACK ").append(h.name()).append(": ").append(h.reason()).append('\n');
        }
        for (EnvironmentRender.Problem p : r.problems()) {
            b.append("# SCHEMA ").append(p.resource()).append(p.pointer().isEmpty() ? "" : " " + p.pointer()).append(": ")
                    .append(p.message()).append('\n');
        }
        b.append("---\n# the composite, with its defaults and the simulated status\n").append(yaml(res.composite()));
        for (CompositionRenderer.Composed c : res.composed()) {
            b.append("---\n# ").append(c.name()).append('\n').append(yaml(c.object()));
        }
        return b.toString();
    }

    private static String yaml(JsonNode n) {
        String s = Serialization.asYaml(Serialization.unmarshal(n.toString(), Object.class));
        return s.startsWith("---\n") ? s.substring(4) : s;
    }
}
