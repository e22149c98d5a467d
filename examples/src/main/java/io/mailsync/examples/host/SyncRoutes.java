package io.mailsync.examples.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The seed's manual sync routes: {@code POST /api/emails/graph/sync}, {@code POST /api/emails/gmail/sync} and
 * {@code POST /api/email/sync-to-database} (every provider). Parameters come from a JSON body or the query string:
 * {@code userId} (required: the host's user), {@code limit} (optional: at most this many messages per folder, the
 * newest). Each active account of the user starts a historical sync in the background; the route answers 202 with
 * {@code {"accounts": [status...]}} at once, and the host polls {@code /api/admin/sync-status} for progress.
 */
final class SyncRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRoutes.class);
    private static final int MAX_USER_ID = 255;
    private static final int MAX_LIMIT = 1_000_000;

    private final MailSync mailSync;
    private final AccountStatuses accounts;
    private final int maxBodyBytes;

    SyncRoutes(MailSync mailSync, AccountStatuses accounts, int maxBodyBytes) {
        this.mailSync = mailSync;
        this.accounts = accounts;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The route for one provider, or for every provider when {@code provider} is {@code null}. */
    Route historicalSync(Provider provider) {
        return ex -> {
            JsonNode body = Exchanges.jsonBody(ex, maxBodyBytes);
            Map<String, String> query = Exchanges.query(ex);
            String userId = userId(body.hasNonNull("userId") ? body.get("userId") : null, query.get("userId"));
            HistoricalSyncOptions.Builder options = HistoricalSyncOptions.builder();
            Integer limit = limit(body.get("limit"), query.get("limit"));
            if (limit != null) {
                options.limit(limit);
            }
            List<AccountRecord> found = accounts.ofUser(userId, provider);
            if (found.isEmpty()) {
                throw HttpError.notFound(provider == null ? "this user has no active account"
                        : "this user has no active " + provider.name().toLowerCase(java.util.Locale.ROOT) + " account");
            }
            HistoricalSyncOptions built = options.build();
            for (AccountRecord account : found) {
                mailSync.startHistoricalSync(account.accountId(), built).whenComplete((report, failure) -> {
                    if (failure != null) {
                        LOG.warn("historical sync of account {} failed: {}", account.accountId(), failure.toString());
                    } else {
                        LOG.info("historical sync of account {}: {} new, {} updated in {} ms", account.accountId(),
                                report.inserted(), report.updated(), report.elapsed().toMillis());
                    }
                });
            }
            List<Object> statuses = found.stream()
                    .map(a -> (Object) StatusJson.status(mailSync.getSyncStatus(a.accountId()))).toList();
            Exchanges.sendJson(ex, 202, Map.of("accounts", statuses));
        };
    }

    private static String userId(JsonNode fromBody, String fromQuery) {
        String userId;
        if (fromBody != null) {
            if (!fromBody.isTextual()) {
                throw HttpError.badRequest("userId must be a string");
            }
            userId = fromBody.textValue();
        } else {
            userId = fromQuery;
        }
        if (userId == null || userId.isBlank()) {
            throw HttpError.badRequest("userId is required");
        }
        if (userId.length() > MAX_USER_ID) {
            throw HttpError.badRequest("userId must have at most " + MAX_USER_ID + " characters");
        }
        return userId;
    }

    private static Integer limit(JsonNode fromBody, String fromQuery) {
        long limit;
        if (fromBody != null && !fromBody.isNull()) {
            if (!fromBody.canConvertToLong() || !fromBody.isIntegralNumber()) {
                throw HttpError.badRequest("limit must be an integer");
            }
            limit = fromBody.longValue();
        } else if (fromQuery != null) {
            try {
                limit = Long.parseLong(fromQuery.strip());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("limit must be an integer");
            }
        } else {
            return null;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HttpError.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return (int) limit;
    }
}
