package io.mailsync.ai.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local stand-in for an OpenAI-compatible {@code POST /v1/chat/completions} endpoint on 127.0.0.1, answering what
 * a test's function decides for each request body. Records the bodies it received.
 */
final class ChatCompletionsStub implements AutoCloseable {

    /** What the stub answers: an HTTP status and a body, optionally after a delay. */
    record Reply(int status, String body, long delayMillis) {
        /** A normal completion whose assistant message is {@code content}. */
        static Reply content(String content) {
            return new Reply(200, completion(content), 0);
        }

        static Reply status(int status, String body) {
            return new Reply(status, body, 0);
        }

        static Reply slow(long millis) {
            return new Reply(200, completion("too late"), millis);
        }
    }

    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    ChatCompletionsStub(Function<String, Reply> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, answer));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<String, Reply> answer) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            Reply reply = answer.apply(body);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGone) {
                // the client timed out and closed the connection: nothing to answer
            }
        }
    }

    /** The base URL to configure: {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** A chat completion as OpenAI's API returns it. */
    static String completion(String content) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1767225600,"model":"stub-model",\
                "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""".formatted(json(content));
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
