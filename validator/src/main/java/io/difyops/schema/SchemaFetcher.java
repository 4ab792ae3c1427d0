package io.difyops.schema;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads schemas over HTTP(S) and keeps them in a disk cache (by default {@code ~/.cache/difyops}),
 * one file per URL named by the SHA-256 of the URL, the layout kubeconform's {@code -cache} uses.
 * A 404 is never cached. {@code --offline} reads only the cache. A host that cannot be reached is
 * remembered for the run, so one dead location costs one timeout, not one per resource.
 */
public final class SchemaFetcher {
    /** The outcome of one fetch. */
    public sealed interface Result {
    }

    public record Found(String text) implements Result {
    }

    public record NotFound() implements Result {
    }

    public record Unreachable(String reason) implements Result {
    }

    private final Path cacheDir;
    private final boolean offline;
    private final Map<String, String> deadHosts = new ConcurrentHashMap<>();
    private final Map<String, Result> memory = new ConcurrentHashMap<>();
    /** Made on the first download only: an offline run (and a replayed one) never starts an HTTP client. */
    private static final class Client {
        static final io.difyops.net.Http HTTP = new io.difyops.net.Http(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    public SchemaFetcher(Path cacheDir, boolean offline) {
        this.cacheDir = cacheDir;
        this.offline = offline;
    }

    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("difyops");
    }

    public boolean offline() {
        return offline;
    }

    public Result fetch(String url) {
        return memory.computeIfAbsent(url, this::load);
    }

    private Result load(String url) {
        Path cached = cacheFile(url);
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return new Found(Files.readString(cached, StandardCharsets.UTF_8));
            } catch (IOException e) {
                // fall through to the network
            }
        }
        if (offline) {
            return new Unreachable("--offline is set and " + url + " is not in the cache " + cacheDir);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Unreachable("not a valid URL: " + url);
        }
        String host = uri.getHost() == null ? url : uri.getHost() + ":" + uri.getPort();
        String dead = deadHosts.get(host);
        if (dead != null) {
            return new Unreachable(dead);
        }
        try {
            io.difyops.net.Http.Response r = Client.HTTP.get(url);
            if (r.status() == 404 || r.status() == 410) {
                return new NotFound();
            }
            if (!r.ok()) {
                return new Unreachable(url + " answered HTTP " + r.status());
            }
            String body = new String(r.body(), StandardCharsets.UTF_8);
            store(cached, body);
            return new Found(body);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "cannot reach " + host : e.getMessage();
            deadHosts.put(host, reason);
            return new Unreachable(reason);
        }
    }

    private Path cacheFile(String url) {
        if (cacheDir == null) {
            return null;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return cacheDir.resolve(HexFormat.of().formatHex(h));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void store(Path file, String body) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "dl", ".tmp");
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache that cannot be written only costs a download next time
        }
    }
}
