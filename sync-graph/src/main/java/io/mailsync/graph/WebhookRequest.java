package io.mailsync.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request to the webhook, as the host's HTTP layer received it.
 *
 * @param method  the HTTP method
 * @param query   decoded query parameters (first value of each)
 * @param headers headers, names in lower case
 * @param body    the raw body (empty for the validation handshake)
 */
public record WebhookRequest(String method, Map<String, String> query, Map<String, List<String>> headers,
                             byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(method, "method");
        query = Map.copyOf(query);
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(lower);
        Objects.requireNonNull(body, "body");
    }

    /** A request from a raw (still URL-encoded) query string such as {@code validationToken=a%20b}. */
    public static WebhookRequest of(String method, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(k, v);
            }
        }
        return new WebhookRequest(method, query, headers, body);
    }

    /** A decoded query parameter. */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
