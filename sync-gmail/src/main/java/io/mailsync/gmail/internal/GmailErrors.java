package io.mailsync.gmail.internal;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.RateLimitedException;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/** Turns Gmail's HTTP errors into mailsync's exceptions, keeping Google's own words. */
public final class GmailErrors {

    private static final Set<String> RATE_REASONS = Set.of("rateLimitExceeded", "userRateLimitExceeded",
            "dailyLimitExceeded", "quotaExceeded", "concurrentLimitExceeded");

    private GmailErrors() {
    }

    /** Whether a status and reason mean "slow down". */
    public static boolean isRateLimit(int status, String reason) {
        return status == 429 || (status == 403 && reason != null && RATE_REASONS.contains(reason));
    }

    /** Whether the failure is worth retrying soon (rate limit or server error). */
    public static boolean isTransient(int status, String reason) {
        return isRateLimit(status, reason) || status >= 500;
    }

    /** The first error reason of a Google JSON error, or {@code null}. */
    public static String reason(GoogleJsonError error) {
        if (error == null || error.getErrors() == null || error.getErrors().isEmpty()) {
            return null;
        }
        return error.getErrors().get(0).getReason();
    }

    /** The mailsync exception for an HTTP status and Google reason. */
    public static MailSyncException map(AccountId accountId, int status, String reason, String text, Throwable cause) {
        String said = status + (reason != null ? " " + reason : "") + (text != null ? ": " + text : "");
        if (isRateLimit(status, reason)) {
            return new RateLimitedException(accountId, null, said, cause);
        }
        if (status == 401) {
            return new AuthenticationRequiredException(accountId, "Gmail rejected the access token", said, cause);
        }
        if (status == 403) {
            return new AuthenticationRequiredException(accountId,
                    "Gmail refused the request (missing scope gmail.readonly or consent?)", said, cause);
        }
        if (status >= 500 || status == 408) {
            return new ProviderUnavailableException(accountId, "Gmail is unavailable", said, cause);
        }
        return new MailSyncException(ErrorCategory.PROVIDER, accountId, "Gmail request failed", said, cause);
    }

    /** The mailsync exception for a failed call of the client. */
    public static MailSyncException map(AccountId accountId, IOException e) {
        if (e instanceof GoogleJsonResponseException g) {
            return map(accountId, g.getStatusCode(), reason(g.getDetails()),
                    g.getDetails() != null ? g.getDetails().getMessage() : g.getStatusMessage(), e);
        }
        if (e instanceof HttpResponseException h) {
            return map(accountId, h.getStatusCode(), null, h.getStatusMessage(), e);
        }
        return new ProviderUnavailableException(accountId, "cannot reach Gmail: " + e, null, e);
    }

    /** A retry-after hint, when the exception carries one. */
    public static Duration retryAfter(HttpResponseException e) {
        Object value = e.getHeaders() == null ? null : e.getHeaders().get("retry-after");
        if (value instanceof java.util.List<?> l && !l.isEmpty()) {
            value = l.get(0);
        }
        try {
            return value == null ? null : Duration.ofSeconds(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
