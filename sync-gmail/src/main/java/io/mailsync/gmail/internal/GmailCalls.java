package io.mailsync.gmail.internal;

import com.google.api.client.googleapis.batch.BatchRequest;
import com.google.api.client.googleapis.batch.json.JsonBatchCallback;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpHeaders;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.Profile;
import com.google.api.services.gmail.model.WatchRequest;
import com.google.api.services.gmail.model.WatchResponse;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.gmail.GmailQuota;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Gmail calls the sync makes, each paced to the user's quota with its documented unit cost and its errors mapped
 * to mailsync's exceptions. Only read calls plus watch/stop: the sync never modifies the mailbox. Used by one thread
 * at a time (the account's sync), except {@link #watch}/{@link #stop} which the engine may call from another.
 */
public final class GmailCalls {

    static final int COST_PROFILE = 1;
    static final int COST_LIST = 5;
    static final int COST_HISTORY = 2;
    static final int COST_WATCH = 100;
    static final int COST_STOP = 50;
    private static final int PART_ATTEMPTS = 4;

    private final Gmail gmail;
    private final QuotaPacer pacer;
    private final GmailQuota quota;
    private final AccountId accountId;
    private final int batchSize;
    private final String format;

    /** What a batch of gets returned. */
    public record Fetched(Map<String, Message> messages, Set<String> notFound) {
    }

    public GmailCalls(Gmail gmail, QuotaPacer pacer, GmailQuota quota, AccountId accountId, int batchSize,
                      String format) {
        this.gmail = gmail;
        this.pacer = pacer;
        this.quota = quota;
        this.accountId = accountId;
        this.batchSize = batchSize;
        this.format = format;
    }

    public Profile profile() {
        return call(COST_PROFILE, () -> gmail.users().getProfile("me").execute());
    }

    public ListMessagesResponse list(String pageToken, long maxResults, List<String> labelIds, boolean spamTrash) {
        return call(COST_LIST, () -> {
            Gmail.Users.Messages.List l = gmail.users().messages().list("me").setMaxResults(maxResults)
                    .setIncludeSpamTrash(spamTrash);
            if (pageToken != null && !pageToken.isEmpty()) {
                l.setPageToken(pageToken);
            }
            if (!labelIds.isEmpty()) {
                l.setLabelIds(labelIds);
            }
            return l.execute();
        });
    }

    /** One page of history; a 404 (too old or invalid start) is {@link SyncStateInvalidException}. */
    public ListHistoryResponse history(BigInteger start, String pageToken, long maxResults, String labelId) {
        try {
            return call(COST_HISTORY, () -> {
                Gmail.Users.History.List l = gmail.users().history().list("me").setStartHistoryId(start)
                        .setMaxResults(maxResults)
                        .setHistoryTypes(List.of("messageAdded", "messageDeleted", "labelAdded", "labelRemoved"));
                if (pageToken != null) {
                    l.setPageToken(pageToken);
                }
                if (labelId != null) {
                    l.setLabelId(labelId);
                }
                return l.execute();
            });
        } catch (MailSyncException e) {
            if (e.getCause() instanceof GoogleJsonResponseException g && g.getStatusCode() == 404) {
                throw new SyncStateInvalidException(accountId, FolderId.MAILBOX,
                        "historyId " + start + " is too old or invalid; a full sync follows", "404 " + g.getMessage(),
                        g);
            }
            throw e;
        }
    }

    public WatchResponse watch(String topic, List<String> labelIds) {
        WatchRequest body = new WatchRequest().setTopicName(topic);
        if (!labelIds.isEmpty()) {
            body.setLabelIds(labelIds).setLabelFilterBehavior("include");
        }
        return call(COST_WATCH, () -> gmail.users().watch("me", body).execute());
    }

    public void stop() {
        call(COST_STOP, () -> gmail.users().stop("me").execute());
    }

    /**
     * Gets messages in batches of at most {@code batchSize} (a single message with a plain request), paced to the
     * quota; parts answered 429/403-rate/5xx are retried with exponential backoff, a 404 means the message is gone.
     */
    public Fetched getAll(List<String> ids) {
        Map<String, Message> found = new LinkedHashMap<>();
        Set<String> notFound = new LinkedHashSet<>();
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<String> pending = ids.subList(from, Math.min(ids.size(), from + batchSize));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<String> retry = new ArrayList<>();
                MailSyncException[] fatal = {null};
                executeBatch(pending, found, notFound, retry, fatal);
                if (fatal[0] != null) {
                    throw fatal[0];
                }
                if (!retry.isEmpty() && attempt >= PART_ATTEMPTS) {
                    throw GmailErrors.map(accountId, 429, "rateLimitExceeded",
                            retry.size() + " messages.get still throttled after " + attempt + " attempts", null);
                }
                if (!retry.isEmpty()) {
                    sleep(250L << attempt);
                }
                pending = retry;
            }
        }
        return new Fetched(found, notFound);
    }

    private void executeBatch(List<String> ids, Map<String, Message> found, Set<String> notFound, List<String> retry,
                              MailSyncException[] fatal) {
        if (ids.size() == 1) {
            executeOne(ids.get(0), found, notFound, retry, fatal);
            return;
        }
        try {
            pace(ids.size() * quota.messageGetCost());
            BatchRequest batch = gmail.batch();
            for (String id : ids) {
                get(id).queue(batch, new JsonBatchCallback<>() {
                    @Override
                    public void onSuccess(Message message, HttpHeaders headers) {
                        found.put(id, message);
                    }

                    @Override
                    public void onFailure(GoogleJsonError e, HttpHeaders headers) {
                        String reason = GmailErrors.reason(e);
                        if (e.getCode() == 404) {
                            notFound.add(id);
                        } else if (GmailErrors.isTransient(e.getCode(), reason)) {
                            retry.add(id);
                        } else if (fatal[0] == null) {
                            fatal[0] = GmailErrors.map(accountId, e.getCode(), reason, e.getMessage(), null);
                        }
                    }
                });
            }
            batch.execute();
        } catch (IOException e) {
            throw GmailErrors.map(accountId, e);
        }
    }

    /**
     * One message without the batch envelope (the common case of a push: one new message): the same unit cost, one
     * multipart encoding and parsing fewer on both sides. Errors are classified as a batch part's would be.
     */
    private void executeOne(String id, Map<String, Message> found, Set<String> notFound, List<String> retry,
                            MailSyncException[] fatal) {
        pace(quota.messageGetCost());
        try {
            found.put(id, get(id).execute());
        } catch (GoogleJsonResponseException e) {
            String reason = GmailErrors.reason(e.getDetails());
            if (e.getStatusCode() == 404) {
                notFound.add(id);
            } else if (GmailErrors.isTransient(e.getStatusCode(), reason)) {
                retry.add(id);
            } else {
                fatal[0] = GmailErrors.map(accountId, e);
            }
        } catch (IOException e) {
            throw GmailErrors.map(accountId, e);
        }
    }

    private Gmail.Users.Messages.Get get(String id) throws IOException {
        Gmail.Users.Messages.Get get = gmail.users().messages().get("me", id).setFormat(format);
        if (format.equals("metadata")) {
            get.setMetadataHeaders(MessageMapper.METADATA_HEADERS);
        }
        return get;
    }

    /** A call that throws {@link IOException}. */
    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    private <T> T call(int cost, IoCall<T> call) {
        pace(cost);
        try {
            return call.run();
        } catch (IOException e) {
            throw GmailErrors.map(accountId, e);
        }
    }

    private void pace(int units) {
        try {
            pacer.acquire(units);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(accountId, "interrupted while pacing to the Gmail quota");
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(accountId, "interrupted while backing off");
        }
    }
}
