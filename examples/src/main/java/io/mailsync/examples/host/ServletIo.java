package io.mailsync.examples.host;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading a servlet request into what the provider handlers take, and writing their answers. */
final class ServletIo {

    private ServletIo() {
    }

    /** The request body, or {@code null} after answering 413 when it is over {@code maxBytes}. */
    static byte[] body(HttpServletRequest req, HttpServletResponse resp, int maxBytes) throws IOException {
        if (req.getContentLengthLong() > maxBytes) {
            tooLarge(resp, maxBytes);
            return null;
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                tooLarge(resp, maxBytes);
                return null;
            }
            return body;
        }
    }

    /** Every header with all its values. */
    static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, Collections.list(req.getHeaders(name)));
        }
        return headers;
    }

    /** Writes status, content type (when there is a body) and body, with {@code nosniff}. */
    static void write(HttpServletResponse resp, int status, String contentType, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        if (body.length > 0) {
            resp.setContentType(contentType);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    private static void tooLarge(HttpServletResponse resp, int maxBytes) throws IOException {
        write(resp, 413, "application/json; charset=utf-8",
                ("{\"error\":\"request body larger than " + maxBytes + " bytes\"}").getBytes(StandardCharsets.UTF_8));
    }
}
