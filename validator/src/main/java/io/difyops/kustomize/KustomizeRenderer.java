package io.difyops.kustomize;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kustomize build}, or {@code kubectl kustomize} when only kubectl
 * is installed, with the default load restrictor, as Flux's kustomize-controller does.
 */
public final class KustomizeRenderer {
    /** The rendered YAML, or the reason it could not be rendered. */
    public record Result(String yaml, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final List<String> command;

    private KustomizeRenderer(List<String> command) {
        this.command = command;
    }

    /** The renderer found on PATH, or null when neither kustomize nor kubectl is installed. */
    public static KustomizeRenderer find() {
        Path kustomize = onPath("kustomize");
        if (kustomize != null) {
            return new KustomizeRenderer(List.of(kustomize.toString(), "build"));
        }
        Path kubectl = onPath("kubectl");
        if (kubectl != null) {
            return new KustomizeRenderer(List.of(kubectl.toString(), "kustomize"));
        }
        return null;
    }

    public String describe() {
        return String.join(" ", command);
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** At most this many characters of kustomize's message (a Go stack dump is 22 KB). */
    static final int MAX_MESSAGE = 600;
    private static final java.util.regex.Pattern KLOG = java.util.regex.Pattern.compile(
            "(?m)[IWEF]\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d+\\s+\\d+ [\\w.-]+:\\d+\\] ");

    /**
     * kustomize's message made deterministic and short: klog's severity, timestamp, process id and
     * source line dropped, the rendered folder's absolute path made relative, whitespace collapsed, and
     * at most {@link #MAX_MESSAGE} characters.
     */
    static String clean(String message, Path dir) {
        String m = KLOG.matcher(message).replaceAll("");
        String abs = dir.toAbsolutePath().normalize().toString();
        m = m.replace(abs + "/", "").replace(abs, ".");
        m = m.replaceAll("\\s+", " ").strip();
        int goroutine = m.indexOf("goroutine ");
        if (goroutine > 0) {
            m = m.substring(0, goroutine).strip() + " (stack trace left out)";
        }
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "… (" + (m.length() - MAX_MESSAGE) + " more characters left out)";
    }

    public Result render(Path dir) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(null, describe() + " " + dir + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                String e = err.join().strip();
                return new Result(null, e.isEmpty() ? describe() + " exited with " + p.exitValue() : clean(e, dir));
            }
            return new Result(out.join(), null);
        } catch (IOException e) {
            return new Result(null, "cannot run " + describe() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
