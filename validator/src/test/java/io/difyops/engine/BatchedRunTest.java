package io.difyops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.difyops.testing.Cli;
import io.difyops.testing.Widgets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree outside a difyops repository is read, checked and reported a batch of files at a time (issue
 * 14: 100,000 documents in 230 MiB); its report is the one a whole read gives: findings in every batch,
 * a CRD defined in the last file for an object in the first, the per-rule cap counted across batches,
 * and secrets hidden with what every batch knew.
 */
class BatchedRunTest {
    @TempDir
    Path tree;

    @AfterEach
    void reset() {
        System.clearProperty("difyops.batchFiles");
    }

    private Cli.Result validate(int batchFiles, String output) {
        System.setProperty("difyops.batchFiles", Integer.toString(batchFiles));
        return Cli.run("validate", "--offline", "--ci=false", "--ignore-missing-schemas", "--output", output, tree.toString());
    }

    private void write(String name, String text) throws Exception {
        Files.createDirectories(tree.resolve(name).getParent());
        Files.writeString(tree.resolve(name), text);
    }

    @Test
    void aBatchedReportIsTheWholeReport() throws Exception {
        // an object of a kind the last file defines, with a schema and a CEL error
        write("a/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: -3\n  colour: 7\n");
        for (int i = 0; i < 240; i++) {
            StringBuilder docs = new StringBuilder();
            for (int d = 0; d < 5; d++) {
                // every document of every sixth file lacks its kind: 200 findings of one rule, spread over the batches
                boolean noKind = i % 6 == 0;
                docs.append("---\napiVersion: v1\n").append(noKind ? "" : "kind: ConfigMap\n")
                        .append("metadata:\n  name: cm-").append(i).append('-').append(d).append("\ndata:\n  k: v\n");
            }
            write(String.format("m/%03d.yaml", i), docs.toString());
        }
        write("m/100-broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n");
        write("m/150-dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n");
        write("m/200-name.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Name\n");
        write("z/crd.yaml", Widgets.CRD);

        for (String output : new String[] {"text", "json"}) {
            Cli.Result whole = validate(100_000, output);
            Cli.Result batched = validate(7, output);
            assertThat(whole.code()).isEqualTo(1);
            assertThat(batched.code()).isEqualTo(whole.code());
            assertThat(batched.out()).isEqualTo(whole.out());
        }
        Cli.Result text = validate(7, "text");
        assertThat(text.out()).contains("a/widget.yaml", "size must be positive", "m/100-broken.yaml", "m/150-dup.yaml", "Not_A_Name");
    }

    @Test
    void theCapCountsAcrossBatches() throws Exception {
        for (int i = 0; i < 300; i++) {
            StringBuilder docs = new StringBuilder();
            for (int d = 0; d < 5; d++) {
                docs.append("---\napiVersion: v1\nmetadata:\n  name: cm-").append(i).append('-').append(d).append('\n');
            }
            write(String.format("m/%03d.yaml", i), docs.toString());
        }
        Cli.Result whole = validate(100_000, "json");
        Cli.Result batched = validate(11, "json");
        assertThat(batched.out()).isEqualTo(whole.out());
        assertThat(batched.out()).contains("500 more error findings of rule");
    }

    @Test
    void aSecretOneBatchHoldsIsHiddenInAnotherBatchsFinding() throws Exception {
        write("a/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: Hunter2Hunter2\n");
        for (int i = 0; i < 30; i++) {
            write(String.format("m/%03d.yaml", i), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "\n");
        }
        // the value, in a place whose finding quotes it, far from the Secret's batch
        write("z/name.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  generateName: Hunter2Hunter2_\n");
        Cli.Result batched = validate(5, "text");
        assertThat(batched.out()).contains("z/name.yaml", "'***_' must be a DNS-1123 subdomain").doesNotContain("Hunter2Hunter2");
        assertThat(batched.out()).isEqualTo(validate(100_000, "text").out());
    }
}
