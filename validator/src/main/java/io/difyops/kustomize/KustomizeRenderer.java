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

    /** The program that renders (kustomize or kubectl). */
    public Path binary() {
        return Path.of(command.get(0));
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

    /** A render may take this long (a real one takes well under a second). */
    static final long MAX_SECONDS = 30;

    /** A render may hold this much memory (resident) and print this much YAML. */
    static final long MAX_RSS_BYTES = 1L << 30;

    static final int MAX_OUTPUT_BYTES = 64 << 20;

    public Result render(Path dir) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // Go's runtime collects harder near this soft limit; the hard bound is the watch below
            pb.environment().put("GOMEMLIMIT", (MAX_RSS_BYTES / 2 >> 20) + "MiB");
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream(), MAX_OUTPUT_BYTES));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream(), 1 << 20));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
            String stopped = null;
            while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    stopped = "did not finish within " + MAX_SECONDS + " s";
                } else if (residentBytes(p.pid()) > MAX_RSS_BYTES) {
                    stopped = "used more than " + (MAX_RSS_BYTES >> 20) + " MiB of memory";
                } else if (out.isDone() && out.join().length > MAX_OUTPUT_BYTES) {
                    stopped = "printed more than " + (MAX_OUTPUT_BYTES >> 20) + " MiB";
                }
                if (stopped != null) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    return new Result(null, describe() + " " + dir.getFileName() + " was stopped: it " + stopped
                            + " (an alias bomb or a very deep document does that); fix the inputs the reader refused");
                }
            }
            if (out.join().length > MAX_OUTPUT_BYTES) {
                return new Result(null, describe() + " printed more than " + (MAX_OUTPUT_BYTES >> 20) + " MiB; not read");
            }
            if (p.exitValue() != 0) {
                String e = new String(err.join(), StandardCharsets.UTF_8).strip();
                return new Result(null, e.isEmpty() ? describe() + " exited with " + p.exitValue() : clean(e, dir));
            }
            return new Result(new String(out.join(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Result(null, "cannot run " + describe() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        }
    }

    /** The process's resident memory, from /proc (0 where there is no /proc). */
    private static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or no /proc here
        }
        return 0;
    }

    /** Reads up to {@code max} bytes and one more (so that the caller sees it was cut), then drains the rest. */
    private static byte[] read(InputStream in, int max) {
        try (in) {
            byte[] head = in.readNBytes(max + 1);
            if (head.length > max) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return head;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
