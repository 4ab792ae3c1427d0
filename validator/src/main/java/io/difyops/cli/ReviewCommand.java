package io.difyops.cli;

import io.difyops.chart.ReleaseCatalog;
import io.difyops.config.Options;
import io.difyops.config.RepoConfig;
import io.difyops.diag.Finding;
import io.difyops.engine.Validator;
import io.difyops.load.Json;
import io.difyops.model.Base;
import io.difyops.model.Model;
import io.difyops.review.ReviewComment;
import io.difyops.review.Reviews;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the pull request's review comment (markdown): what the change does to each environment.",
                "Per environment it touches: the chart and image changes, the values diff, sizing and capacity before and after,",
                "the Crossplane resources whose desired state changes (rendered offline, as `difyops render`), and the findings.",
                "Long sections fold; the comment stays under GitHub's size limit, pointing at the job summary for the rest.",
                "Exit code 0: written; 2: usage error or unreadable input (the findings decide the check, not this command)."})
final class ReviewCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", paramLabel = "REF", description = "compare with the merge-base of REF and HEAD (default: baseBranch of .difyops.yaml, then origin/main, then main)")
    String base;

    @Option(names = "--findings", paramLabel = "FILE", description = "the JSON report of this change's `validate` run (default: validate now, in this process)")
    Path findings;

    @Option(names = "--summary-url", paramLabel = "URL", description = "where the whole report is (the job summary), linked from every cut section")
    String summaryUrl;

    @Option(names = "--max-chars", paramLabel = "N", defaultValue = "" + ReviewComment.GITHUB_LIMIT,
            description = "the longest comment to write (default: ${DEFAULT-VALUE}, under GitHub's 65,536)")
    int maxChars;

    @Option(names = "--offline", description = "never use the network: the release catalog is the repository's copy")
    boolean offline;

    @CommandLine.Mixin
    RepositoryOption repository;

    @Override
    public Integer call() {
        try {
            if (maxChars < 1000) {
                throw new IllegalArgumentException("--max-chars must be at least 1000");
            }
            Path root = repository.root();
            RepoConfig cfg = RepoConfig.load(root);
            Options o = CommandOptions.locked(root, cfg, base);
            Model now = new Validator().model(o);
            Base b = CommandOptions.base(o, now, cfg);
            List<Finding> fs = findings != null ? Reviews.fromJsonReport(Json.parse(read(findings))) : validate(root);
            ReleaseCatalog catalog = ReleaseCatalog.load(root, offline || Boolean.TRUE.equals(cfg.offline()), cfg.releaseCatalog());
            ReviewComment.Review review = Reviews.build(now, b, catalog, root, Validator.schemas(o, now), fs, summaryUrl);
            spec.commandLine().getOut().print(ReviewComment.markdown(review, maxChars));
            spec.commandLine().getOut().flush();
            return ExitCodes.CLEAN;
        } catch (IllegalArgumentException | RepoConfig.ConfigException | io.difyops.engine.UsageException | IOException e) {
            spec.commandLine().getErr().println("difyops: " + Messages.of(e));
            return ExitCodes.USAGE;
        }
    }

    private static String read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--findings: " + p + " is not a readable file");
        }
        return Files.readString(p);
    }

    /** The findings of `validate --output json` on this repository against the same base, run in this process. */
    private List<Finding> validate(Path root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ValidateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--output", "json", "--ci=false"));
        if (base != null) {
            args.add("--base");
            args.add(base);
        }
        if (offline) {
            args.add("--offline");
        }
        args.add(root.toString());
        int code = cl.execute(args.toArray(String[]::new));
        if (code == ExitCodes.USAGE || out.toString().isBlank()) {
            throw new IllegalArgumentException("validate could not run: " + err.toString().strip());
        }
        return Reviews.fromJsonReport(Json.parse(out.toString()));
    }
}
