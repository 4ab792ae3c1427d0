package io.difyops.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every network read ends: a real HTTP server on 127.0.0.1 that stalls, drips, or redirects away. */
class HttpTest {
    HttpServer server;
    String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/drip", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (InterruptedException | IOException e) {
                // the client went away
            }
        });
        server.createContext("/away", ex -> {
            ex.getResponseHeaders().add("Location", "http://example.invalid/elsewhere");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/ok", ex -> {
            byte[] b = "fine".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aServerThatDripsItsBodyCannotHoldTheRun() {
        Http http = new Http(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThatThrownBy(() -> http.get(base + "/drip")).isInstanceOf(IOException.class).hasMessageContaining("did not answer within 2 s");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() {
        Http http = new Http(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThatThrownBy(() -> http.get(base + "/away")).isInstanceOf(IOException.class).hasMessageContaining("another host");
    }

    @Test
    void anAnswerWithinTheTimeIsRead() throws IOException {
        assertThat(new String(new Http(Duration.ofSeconds(2), Duration.ofSeconds(5)).get(base + "/ok").body())).isEqualTo("fine");
    }
}
