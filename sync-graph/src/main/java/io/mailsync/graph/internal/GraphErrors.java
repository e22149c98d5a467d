package io.mailsync.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.RateLimitedException;
import io.mailsync.core.SyncStateInvalidException;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** Turns what the SDK throws into mailsync's exceptions, keeping Graph's own words. Stateless. */
public final class GraphErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INVALID_STATE = Set.of("syncstatenotfound", "resyncrequired",
            "syncstateinvalid");

    private GraphErrors() {
    }

    /** The mailsync exception for a failure of a request about {@code folderId} (null when it concerns no folder). */
    public static MailSyncException map(RuntimeException e, AccountId accountId, FolderId folderId) {
        if (e instanceof MailSyncException m) {
            return m;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GraphHttp.AuthenticationFailure f) {
                return f.authentication();
            }
            if (t instanceof AuthenticationRequiredException a) {
                return a;
            }
            if (t instanceof ApiException api) {
                return fromApi(api, accountId, folderId);
            }
            if (t instanceof IOException io) {
                return new ProviderUnavailableException(accountId, "Graph request failed: " + io.getMessage(),
                        null, e);
            }
        }
        return new MailSyncException(ErrorCategory.INTERNAL, accountId, "Graph client failed: " + e, null, e);
    }

    private static MailSyncException fromApi(ApiException api, AccountId accountId, FolderId folderId) {
        String code = "";
        String message = api.getMessage();
        if (api instanceof ODataError o && o.getError() != null) {
            code = o.getError().getCode() == null ? "" : o.getError().getCode();
            message = o.getError().getMessage();
        }
        return fromStatus(api.getResponseStatusCode(), code, message, retryAfter(api), api, accountId, folderId);
    }

    /**
     * The mailsync exception for an error answer read without the SDK's models: Graph's status, its JSON body
     * ({@code {"error": {"code", "message"}}}, read leniently) and its {@code Retry-After} header (may be null).
     */
    public static MailSyncException fromResponse(int status, String body, String retryAfter, AccountId accountId,
                                                 FolderId folderId) {
        String code = "";
        String message = body;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                code = error.path("code").asText("");
                message = error.path("message").asText("");
            }
        } catch (IOException | RuntimeException notJson) {
            message = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
        return fromStatus(status, code, message, retryAfter == null ? null : parseRetryAfter(retryAfter), null,
                accountId, folderId);
    }

    private static MailSyncException fromStatus(int status, String code, String message, Duration retryAfter,
                                                Exception cause, AccountId accountId, FolderId folderId) {
        String said = status + " " + code + ": " + message;
        if (folderId != null && (status == 410 || INVALID_STATE.contains(code.toLowerCase(java.util.Locale.ROOT)))) {
            return new SyncStateInvalidException(accountId, folderId, "delta state of the folder is no longer valid",
                    said, cause);
        }
        if (status == 429 || status == 503) {
            return new RateLimitedException(accountId, retryAfter, said, cause);
        }
        if (status == 401) {
            return new AuthenticationRequiredException(accountId, "Graph rejected the refreshed token", said, cause);
        }
        if (status >= 500 || status == 408) {
            return new ProviderUnavailableException(accountId, "Graph failed", said, cause);
        }
        return new MailSyncException(ErrorCategory.PROVIDER, accountId, "Graph refused the request", said, cause);
    }

    /** Retry-After in seconds or as an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(ApiException api) {
        if (api.getResponseHeaders() == null) {
            return null;
        }
        for (var e : api.getResponseHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase("Retry-After") && !e.getValue().isEmpty()) {
                return parseRetryAfter(e.getValue().iterator().next());
            }
        }
        return null;
    }

    static Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
