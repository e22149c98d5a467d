package io.mailsync.testkit.gmail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Google's batch protocol: a {@code multipart/mixed} body of {@code application/http} parts, each a complete request
 * with its own headers; the answer is a {@code multipart/mixed} body with one {@code application/http} response per
 * part, in request order (the Java client matches them by position).
 */
final class GmailFakeBatch {

    /** Google's documented limit of calls in one batch. */
    static final int MAX_PARTS = 100;

    private final GmailFakeApi api;

    GmailFakeBatch(GmailFakeApi api) {
        this.api = api;
    }

    GmailFakeApi.Response handle(GmailFakeApi.Request request) {
        String type = request.header("content-type");
        String boundary = type == null ? null : parameter(type, "boundary");
        if (!request.method().equals("POST") || boundary == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            return GmailFakeApi.error(400, "badRequest", "batch requests must be POSTed as multipart/mixed",
                    "INVALID_ARGUMENT");
        }
        List<GmailFakeApi.Request> parts = parse(new String(request.body(), StandardCharsets.UTF_8), boundary);
        if (parts.size() > MAX_PARTS) {
            return GmailFakeApi.error(400, "badRequest", "A batch request cannot contain more than " + MAX_PARTS
                    + " requests", "INVALID_ARGUMENT");
        }
        String out = "batch_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder sb = new StringBuilder();
        int n = 1;
        for (GmailFakeApi.Request part : parts) {
            GmailFakeApi.Response r = api.dispatch(part);
            sb.append("--").append(out).append("\r\n")
                    .append("Content-Type: application/http\r\n")
                    .append("Content-ID: <response-").append(n++).append(">\r\n\r\n")
                    .append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n")
                    .append("Content-Type: ").append(r.contentType()).append("\r\n")
                    .append("Vary: Origin\r\n\r\n")
                    .append(new String(r.body(), StandardCharsets.UTF_8)).append("\r\n");
        }
        sb.append("--").append(out).append("--\r\n");
        return new GmailFakeApi.Response(200, "multipart/mixed; boundary=" + out,
                sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<GmailFakeApi.Request> parse(String body, String boundary) {
        List<GmailFakeApi.Request> requests = new ArrayList<>();
        String delimiter = "--" + boundary;
        for (String chunk : body.split(java.util.regex.Pattern.quote(delimiter))) {
            if (chunk.isBlank() || chunk.startsWith("--")) {
                continue;
            }
            String part = chunk.startsWith("\r\n") ? chunk.substring(2) : chunk;
            int outerEnd = part.indexOf("\r\n\r\n");
            if (outerEnd < 0) {
                continue;
            }
            String inner = part.substring(outerEnd + 4);
            int headEnd = inner.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? inner.strip() : inner.substring(0, headEnd);
            String content = headEnd < 0 ? "" : inner.substring(headEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) {
                    headers.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
                }
            }
            URI uri = URI.create(requestLine[1]);
            requests.add(new GmailFakeApi.Request(requestLine[0], uri, headers,
                    content.getBytes(StandardCharsets.UTF_8)));
        }
        return requests;
    }

    private static String parameter(String contentType, String name) {
        for (String p : contentType.split(";")) {
            String t = p.strip();
            if (t.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                String v = t.substring(name.length() + 1);
                return v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
