package io.difyops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.difyops.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change of several files lands as a set (issue 13, data loss): a run stopped part-way is finished by the next. */
class AtomicFileSetTest {
    @TempDir
    Path root;

    @AfterEach
    void realRenames() {
        AtomicFileSet.rename = (from, to) -> Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Renames {@code allowed} files, then stops as a killed process would. */
    static void stopAfter(int allowed) {
        int[] left = {allowed};
        AtomicFileSet.Rename real = AtomicFileSet.rename;
        AtomicFileSet.rename = (from, to) -> {
            if (left[0]-- <= 0) {
                throw new IOException("killed");
            }
            real.move(from, to);
        };
    }

    private Map<String, String> change() throws IOException {
        Files.createDirectories(root.resolve("clusters/staging"));
        Files.writeString(root.resolve("clusters/staging/release.yaml"), "version: 3.7.3\n");
        Files.writeString(root.resolve("values.yaml"), "tag: old\n");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("clusters/staging/release.yaml", "version: 3.7.4\n");
        files.put("values.yaml", "tag: new\n");
        files.put("locks/dify-3.7.4.lock.yaml", "version: 3.7.4\n");
        return files;
    }

    @Test
    void allFilesLandAndNothingIsLeftBehind() throws Exception {
        AtomicFileSet.write(root, "bump staging", change());
        assertThat(Files.readString(root.resolve("values.yaml"))).isEqualTo("tag: new\n");
        assertThat(root.resolve("locks/dify-3.7.4.lock.yaml")).hasContent("version: 3.7.4");
        try (var s = Files.walk(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.equals(AtomicFileSet.JOURNAL));
        }
    }

    @Test
    void aRunStoppedAfterItsFirstRenameIsFinishedByTheNextAndSaysWhat() throws Exception {
        stopAfter(1);
        assertThatThrownBy(() -> AtomicFileSet.write(root, "bump staging from dify 3.7.3 to 3.7.4", change())).hasMessage("killed");
        // half applied on disk, but the journal says so: validate reports it, the next bump finishes it
        assertThat(root.resolve("clusters/staging/release.yaml")).hasContent("version: 3.7.4");
        assertThat(root.resolve("values.yaml")).hasContent("tag: old");
        assertThat(root.resolve(AtomicFileSet.JOURNAL)).exists();
        Cli.Result v = Cli.run("validate", "--ci=false", "--output", "json", root.toString());
        assertThat(v.json().path("findings").findValuesAsString("rule")).contains("bump-unfinished");
        assertThat(v.code()).isEqualTo(1);

        realRenames();
        var done = AtomicFileSet.recover(root).orElseThrow();
        assertThat(done.description()).isEqualTo("bump staging from dify 3.7.3 to 3.7.4");
        assertThat(done.completed()).containsExactly("values.yaml", "locks/dify-3.7.4.lock.yaml");
        assertThat(done.total()).isEqualTo(3);
        assertThat(root.resolve("values.yaml")).hasContent("tag: new");
        assertThat(root.resolve(AtomicFileSet.JOURNAL)).doesNotExist();
        assertThat(AtomicFileSet.recover(root)).isEmpty();
    }

    @Test
    void aRunStoppedBeforeItsJournalChangesNoTarget() throws Exception {
        Map<String, String> files = change();
        files.put("values.yaml/not-a-dir/x.yaml", "x"); // cannot be written: the set fails while writing its temporary files
        assertThatThrownBy(() -> AtomicFileSet.write(root, "bump", files)).isInstanceOf(IOException.class);
        assertThat(root.resolve("clusters/staging/release.yaml")).hasContent("version: 3.7.3");
        assertThat(root.resolve(AtomicFileSet.JOURNAL)).doesNotExist();
        try (var s = Files.walk(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aJournalCannotNameAPathOutsideTheRepository() throws Exception {
        Files.writeString(root.resolve(AtomicFileSet.JOURNAL), "# x\nbump\n../outside.tmp\t../../etc/passwd\n");
        assertThatThrownBy(() -> AtomicFileSet.recover(root)).hasMessageContaining("outside the repository");
    }
}
