package io.mailsync.testkit.graph;

import java.time.Instant;

/**
 * A request the {@link GraphFake} served, for tests to count and inspect.
 *
 * @param method  the HTTP method
 * @param path    the path after {@code /v1.0}, decoded
 * @param query   the raw query string, or empty
 * @param userId  the mailbox addressed, or empty
 * @param status  the status answered
 * @param at      when it arrived
 */
public record FakeRequest(String method, String path, String query, String userId, int status, Instant at) {

    /** Whether this was a per-folder messages delta request (first page, nextLink or deltaLink). */
    public boolean isMessagesDelta() {
        return path.endsWith("/messages/delta") && path.contains("/mailFolders/");
    }
}
