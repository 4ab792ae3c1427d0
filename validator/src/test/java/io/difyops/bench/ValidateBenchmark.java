package io.difyops.bench;

import io.difyops.config.Options;
import io.difyops.engine.Report;
import io.difyops.engine.Validator;
import io.difyops.load.Limits;
import io.difyops.load.YamlReader;
import io.difyops.diag.Findings;
import io.difyops.testing.Widgets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the gate is on a generated repository: {@code resources} custom resources (a CRD with
 * CEL rules) spread over files of 20 documents, plus the YAML reader alone on the same text.
 * Run with {@code validator/bench/run} (not part of {@code mvn verify}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC"})
public class ValidateBenchmark {
    @Param({"1000", "10000"})
    public int resources;

    Path repo;
    String oneFile;


    static String widget(int i) {
        return "---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: widget-" + i + "\n  namespace: team-" + (i % 7)
                + "\n  labels: {app: bench, tier: t" + (i % 3) + "}\nspec:\n  size: " + (1 + i % 5) + "\n  colour: "
                + (i % 2 == 0 ? "red" : "blue") + "\ndata: {a: b, c: d}\n";
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        repo = Files.createTempDirectory("difyops-bench");
        Files.writeString(repo.resolve("crd.yaml"), Widgets.CRD);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < resources; i++) {
            file.append(widget(i));
            if (i % 20 == 19 || i == resources - 1) {
                Files.writeString(repo.resolve("widgets-" + i / 20 + ".yaml"), file.toString());
                if (i < 20) {
                    oneFile = file.toString();
                }
                file.setLength(0);
            }
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < resources; i++) {
            all.append(widget(i));
        }
        oneFile = all.toString();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(repo)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public Report validateRepository() throws Exception {
        Options o = new Options(repo, List.of(repo), List.of(), true, true, List.of(), List.of(), false, true, List.of(), Map.of(),
                null, Limits.DEFAULT, true, List.of(), Options.Upgrade.NONE);
        Report r = new Validator().run(o);
        if (r.resources().size() != resources + 1 || r.failed()) {
            throw new IllegalStateException("unexpected report: " + r.findings());
        }
        return r;
    }

    @Benchmark
    public int readYaml() {
        return new YamlReader(Limits.DEFAULT, true).read("all.yaml", oneFile, new Findings()).size();
    }
}
