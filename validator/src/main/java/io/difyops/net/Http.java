package io.difyops.net;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP GET for the tools that read upstream sources: a connect timeout and a total timeout on every
 * request, and redirects followed only to the same host (a redirect to another host is refused,
 * except to the hosts a registry or release page is known to hand out blobs from, which the caller
 * names). Bodies are capped so that a hostile server cannot exhaust memory.
 */
public final class Http {
    /** What a server answered. */
    public record Response(int status, byte[] body, Map<String, List<String>> headers, String url) {
        public Optional<String> header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return Optional.of(e.getValue().get(0));
                }
            }
            return Optional.empty();
        }

        public boolean ok() {
            return status / 100 == 2;
        }
    }

    public static final long MAX_BODY = 256L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration total;

    public Http(Duration connect, Duration total) {
        this.client = HttpClient.newBuilder().connectTimeout(connect).followRedirects(HttpClient.Redirect.NEVER).build();
        this.total = total;
    }

    public static Http standard() {
        return new Http(Duration.ofSeconds(10), Duration.ofSeconds(120));
    }

    /**
     * GETs {@code url} with the given headers. Redirects are followed while they stay on the same
     * host, or go to a host for which {@code crossHostAllowed} says yes (registries serve blobs from
     * a storage host); the {@code Authorization} header is never sent to another host.
     */
    public Response get(String url, Map<String, String> headers, java.util.function.Predicate<String> crossHostAllowed)
            throws IOException {
        URI uri = parse(url);
        String originHost = uri.getHost();
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(total).GET();
            h.forEach(b::header);
            HttpResponse<byte[]> r;
            // the total timeout covers the whole exchange, body included: a server that sends its headers and
            // then drips the body cannot hold a run (HttpRequest.timeout alone stops at the headers)
            java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                r = f.get(total.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + url);
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                throw new IOException(uri + " did not answer within " + total.toSeconds() + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                if (c instanceof java.net.http.HttpTimeoutException) {
                    throw new IOException(uri + " did not answer within " + total.toSeconds() + " s");
                }
                throw new IOException("cannot reach " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ": "
                        + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
            }
            int s = r.statusCode();
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                String location = r.headers().firstValue("location").orElseThrow(() -> new IOException(url + " redirected nowhere"));
                URI next = uri.resolve(location);
                if (!next.getHost().equalsIgnoreCase(originHost)) {
                    if (!crossHostAllowed.test(next.getHost())) {
                        throw new IOException(uri + " redirected to another host (" + next.getHost() + "), which is not followed");
                    }
                    h.remove("Authorization");
                }
                uri = next;
                continue;
            }
            if (r.body() != null && r.body().length > MAX_BODY) {
                throw new IOException(uri + " sent more than " + MAX_BODY + " bytes");
            }
            return new Response(s, r.body() == null ? new byte[0] : r.body(), r.headers().map(), uri.toString());
        }
        throw new IOException(url + " redirected more than " + MAX_REDIRECTS + " times");
    }

    public Response get(String url) throws IOException {
        return get(url, Map.of(), host -> false);
    }

    private static URI parse(String url) throws IOException {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
                throw new IOException("not an http(s) URL: " + url);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL: " + url);
        }
    }
}
