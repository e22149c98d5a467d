package io.mailsync.examples.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The admin routes under {@code /api/admin/}, every one behind the host's bearer token (checked before anything else,
 * so an unauthenticated caller learns nothing, not even which routes exist):
 * <ul>
 *   <li>{@code GET /api/admin/sync-status}: {@code {"accounts": [status...]}} for every account;</li>
 *   <li>{@code POST /api/admin/accounts/{id}/restart-sync}: clears failures and restarts real-time sync (202);</li>
 *   <li>{@code DELETE /api/admin/accounts/{id}/sync-state}: forgets the cursors, so the next sync is a full one;</li>
 *   <li>{@code GET /api/admin/dead-letters?limit=N}: processing jobs that failed too often (default 100);</li>
 *   <li>{@code POST /api/admin/dead-letters/requeue} {@code {"jobIds": [..]}}: puts them back in the queue.</li>
 * </ul>
 */
final class AdminRoutes {

    private static final String PREFIX = "/api/admin/";
    private static final int MAX_DEAD_LETTERS = 1000;
    private static final int MAX_REQUEUE = 10_000;

    private final MailSync mailSync;
    private final AccountStatuses accounts;
    private final BearerToken token;
    private final int maxBodyBytes;

    AdminRoutes(MailSync mailSync, AccountStatuses accounts, BearerToken token, int maxBodyBytes) {
        this.mailSync = mailSync;
        this.accounts = accounts;
        this.token = token;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The one handler for every admin path. */
    Route route() {
        return ex -> {
            token.require(ex);
            String rawPath = ex.getRequestURI().getRawPath();
            String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
            String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            if (parts.length == 1 && parts[0].equals("sync-status")) {
                allow(ex, method, "GET");
                Exchanges.sendJson(ex, 200, Map.of("accounts", StatusJson.statuses(accounts.all())));
            } else if (parts.length == 1 && parts[0].equals("dead-letters")) {
                allow(ex, method, "GET");
                deadLetters(ex);
            } else if (parts.length == 2 && parts[0].equals("dead-letters") && parts[1].equals("requeue")) {
                allow(ex, method, "POST");
                requeue(ex);
            } else if (parts.length == 3 && parts[0].equals("accounts") && parts[2].equals("restart-sync")) {
                allow(ex, method, "POST");
                AccountId id = existing(parts[1]);
                mailSync.restartSync(id);
                Exchanges.sendJson(ex, 202, StatusJson.status(mailSync.getSyncStatus(id)));
            } else if (parts.length == 3 && parts[0].equals("accounts") && parts[2].equals("sync-state")) {
                allow(ex, method, "DELETE");
                AccountId id = existing(parts[1]);
                mailSync.resetSyncState(id);
                Exchanges.sendJson(ex, 200, StatusJson.status(mailSync.getSyncStatus(id)));
            } else {
                throw HttpError.notFound("no such admin route");
            }
        };
    }

    private void deadLetters(HttpExchange ex) throws IOException {
        String raw = Exchanges.query(ex).get("limit");
        int limit = 100;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("limit must be an integer");
            }
            if (limit < 1 || limit > MAX_DEAD_LETTERS) {
                throw HttpError.badRequest("limit must be between 1 and " + MAX_DEAD_LETTERS);
            }
        }
        Exchanges.sendJson(ex, 200, Map.of("deadLetters",
                mailSync.deadLetters(limit).stream().map(StatusJson::deadLetter).toList()));
    }

    private void requeue(HttpExchange ex) throws IOException {
        JsonNode ids = Exchanges.jsonBody(ex, maxBodyBytes).get("jobIds");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw HttpError.badRequest("jobIds must be a non-empty array of job ids");
        }
        if (ids.size() > MAX_REQUEUE) {
            throw HttpError.badRequest("at most " + MAX_REQUEUE + " jobIds at once");
        }
        List<Long> jobIds = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw HttpError.badRequest("jobIds must hold integers");
            }
            jobIds.add(id.longValue());
        }
        Exchanges.sendJson(ex, 200, Map.of("requeued", mailSync.requeueDeadLetters(jobIds)));
    }

    private AccountId existing(String rawSegment) {
        String value;
        try {
            value = URLDecoder.decode(rawSegment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("the account id is not URL-encoded correctly");
        }
        if (value.isBlank() || value.length() > 255) {
            throw HttpError.badRequest("the account id must have 1 to 255 characters");
        }
        AccountId id = AccountId.of(value);
        if (!accounts.exists(id)) {
            throw HttpError.notFound("no such account");
        }
        return id;
    }

    private static void allow(HttpExchange ex, String method, String allowed) {
        if (!method.equals(allowed)) {
            ex.getResponseHeaders().set("Allow", allowed);
            throw new HttpError(405, "method not allowed");
        }
    }
}
