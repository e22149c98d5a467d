package io.mailsync.examples.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading requests and writing responses on a {@link HttpExchange}: size limits, query strings, JSON. */
final class Exchanges {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Oversized bodies up to this size are read and dropped before the 413, so the client sees the answer. */
    private static final long SWALLOW_BYTES = 16L << 20;

    private Exchanges() {
    }

    /**
     * The request body, at most {@code maxBytes}.
     *
     * @throws HttpError 413 when the declared or actual length is over the limit
     */
    static byte[] body(HttpExchange ex, int maxBytes) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length is not a number");
        }
        try (InputStream in = ex.getRequestBody()) {
            if (length > maxBytes) {
                refuseTooLarge(ex, in, length, maxBytes);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                refuseTooLarge(ex, in, length, maxBytes);
            }
            return body;
        }
    }

    /**
     * Answers 413 on a connection that is then closed. A body of moderate size is read to its end first (and
     * dropped): a client still sending it when the server closes would see a reset instead of the 413.
     */
    private static void refuseTooLarge(HttpExchange ex, InputStream in, long declared, int maxBytes)
            throws IOException {
        if (declared >= 0 && declared <= SWALLOW_BYTES) {
            in.transferTo(OutputStream.nullOutputStream()); // the fixed-length stream ends with the body
        }
        ex.getResponseHeaders().set("Connection", "close");
        throw new HttpError(413, "request body larger than " + maxBytes + " bytes");
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    static JsonNode jsonBody(HttpExchange ex, int maxBytes) throws IOException {
        byte[] body = body(ex, maxBytes);
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON");
        }
    }

    /** The decoded query parameters (the first value of each). */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("the query string is not URL-encoded correctly");
            }
        }
        return query;
    }

    /** Sends {@code body} as JSON (Jackson escapes every string, so nothing is reflected raw). */
    static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, JSON_TYPE, JSON.writeValueAsBytes(body));
    }

    /** Sends {@code {"error": message}}. */
    static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, Map.of("error", message));
    }

    /** Sends a body (none when empty) with {@code nosniff} and {@code no-store}. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (!contentType.isEmpty()) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
