package io.mailsync.graph.internal;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One mailbox through the Graph SDK: folders from {@code mailFolders/delta}, messages from each folder's delta query.
 * The first delta round of a folder is its historical sync; the cursor holds the whole nextLink (HISTORICAL) or
 * deltaLink (INCREMENTAL) URL, and links are only ever followed to the configured Graph host.
 * Thread-safe: the engine syncs up to {@link #folderConcurrency()} folders at once, and the HTTP client keeps the
 * mailbox within Graph's limit of concurrent requests.
 */
public final class GraphSession implements MailboxSession {

    static final String LINK = "link";
    static final String TAKEN = "taken";

    private final GraphConfig config;
    private final AccountContext context;
    private final AccountId accountId;
    private final OkHttpClient http;
    private final GraphServiceClient client;
    private final String userSegment;
    private final HttpUrl base;
    private final GraphPush.Registry registry;
    private final Map<FolderId, Long> totals = new ConcurrentHashMap<>();
    private volatile List<io.mailsync.core.MailFolder> folders;

    public GraphSession(GraphConfig config, AccountContext context, GraphPush.Registry registry) {
        this.config = config;
        this.context = context;
        this.accountId = context.accountId();
        this.registry = registry;
        this.http = GraphHttp.okHttp(accountId, context.credentials(), config.maxConcurrent(),
                config.maxInlineRetryDelay(), config.timeout());
        this.client = GraphHttp.client(http, config.baseUrl());
        this.userSegment = config.appOnly() ? config.userIdResolver().apply(context.options()) : GraphHttp.ME;
        this.base = HttpUrl.get(config.baseUrl());
    }

    /** {@code /me} or {@code /users/{id}}: the path of the mailbox in request URLs. */
    String mailboxPath() {
        return config.appOnly() ? "/users/" + userSegment : "/me";
    }

    GraphServiceClient client() {
        return client;
    }

    String userSegment() {
        return userSegment;
    }

    @Override
    public List<io.mailsync.core.MailFolder> folders() {
        try {
            List<GraphFolders.Listed> listed = GraphFolders.list(http, config.baseUrl(), mailboxPath(), accountId,
                    link -> checkedLink(link, null));
            List<GraphFolders.Listed> selected = GraphFolders.select(listed, config.folders());
            selected.forEach(l -> totals.put(l.folder().id(), l.totalItems()));
            folders = selected.stream().map(GraphFolders.Listed::folder).toList();
            return folders;
        } catch (RuntimeException e) {
            throw GraphErrors.map(e, accountId, null);
        }
    }

    /** As many folders as requests may be in flight for the mailbox (Graph allows 4). */
    @Override
    public int folderConcurrency() {
        return config.maxConcurrent();
    }

    @Override
    public ChangeBatch fetchChanges(FetchRequest request) {
        FolderId folderId = request.folderId();
        boolean incremental = request.cursor().map(SyncCursor::isIncremental).orElse(false);
        String link = request.cursor().flatMap(c -> c.get(LINK)).orElse(null);
        int taken = request.cursor().flatMap(c -> c.get(TAKEN)).map(Integer::parseInt).orElse(0);
        if (request.cursor().isPresent() && link == null) {
            throw new SyncStateInvalidException(accountId, folderId, "the folder's cursor holds no delta link");
        }
        if (link != null && !sameHost(link)) {
            throw new SyncStateInvalidException(accountId, folderId, "the stored delta link points to another host "
                    + "than " + base.host() + "; it is not followed and the folder is resynced");
        }
        DeltaPageReader.Page page = fetch(folderId, link, Math.min(config.pageSize(), request.pageSize()));
        int limit = request.limit().orElse(Integer.MAX_VALUE);
        List<io.mailsync.core.EmailMessage> upserts = incremental ? page.messages()
                : page.messages().subList(0, Math.max(0, Math.min(page.messages().size(), limit - taken)));
        taken += upserts.size();
        SyncCursor next = nextCursor(folderId, incremental, page.nextLink(), page.deltaLink(), taken);
        ChangeBatch.Builder b = ChangeBatch.builder(accountId, folderId, next).upserts(upserts)
                .hasMore(page.nextLink() != null);
        page.removed().forEach(b::deletion);
        Long total = totals.get(folderId);
        if (!incremental && total != null && total >= 0) {
            b.estimatedTotal(Math.min(total, limit));
        }
        return b.build();
    }

    /**
     * One page of the folder's messages delta. Sent through the SDK's HTTP pipeline (token, retries, redirects,
     * telemetry, the mailbox's request limit) but read with Jackson: delta pages are the hot path of a sync, and
     * reading them into the SDK's models cost several times the request's own time on a small machine. The page
     * is read in one streaming pass ({@link DeltaPageReader}).
     */
    private DeltaPageReader.Page fetch(FolderId folderId, String link, int pageSize) {
        HttpUrl url = link != null ? HttpUrl.get(link) : base.newBuilder()
                .addPathSegments(mailboxPath().substring(1)).addPathSegment("mailFolders")
                .addPathSegment(folderId.value()).addPathSegments("messages/delta")
                .addEncodedQueryParameter("$select", String.join(",", config.select())).build();
        Request request = GraphHttp.request(url.toString()).header("Prefer", "odata.maxpagesize=" + pageSize)
                .header("Accept", "application/json").get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                throw GraphErrors.fromResponse(response.code(), body == null ? "" : body.string(),
                        response.header("Retry-After"), accountId, folderId);
            }
            if (body == null) {
                throw new ProviderUnavailableException(accountId, "Graph answered a delta page without a body");
            }
            try (InputStream in = body.byteStream()) {
                return DeltaPageReader.read(in, accountId, folderId);
            }
        } catch (IOException e) {
            throw GraphErrors.map(new UncheckedIOException(e), accountId, folderId);
        }
    }


    private SyncCursor nextCursor(FolderId folderId, boolean incremental, String next, String delta, int taken) {
        if (next != null) {
            SyncCursor.Phase phase = incremental ? SyncCursor.Phase.INCREMENTAL : SyncCursor.Phase.HISTORICAL;
            return SyncCursor.of(folderId, phase, Map.of(LINK, checkedLink(next, folderId), TAKEN,
                    Integer.toString(taken)));
        }
        if (delta == null) {
            throw new MailSyncException(ErrorCategory.PROVIDER, accountId,
                    "Graph answered a delta page with neither @odata.nextLink nor @odata.deltaLink", null, null);
        }
        return SyncCursor.of(folderId, SyncCursor.Phase.INCREMENTAL, Map.of(LINK, checkedLink(delta, folderId)));
    }

    /** A link Graph returned, refused when it points to another host than the configured one. */
    private String checkedLink(String link, FolderId folderId) {
        if (!sameHost(link)) {
            throw new MailSyncException(ErrorCategory.PROVIDER, accountId, "Graph returned a paging link to another "
                    + "host than " + base.host() + (folderId == null ? "" : " for folder " + folderId)
                    + "; refusing to follow it", null, null);
        }
        return link;
    }

    private boolean sameHost(String link) {
        HttpUrl url = HttpUrl.parse(link);
        return url != null && url.scheme().equals(base.scheme()) && url.host().equalsIgnoreCase(base.host())
                && url.port() == base.port();
    }

    @Override
    public Optional<PushRegistration> startPush(PushTarget pushTarget) {
        if (pushTarget.notificationUrl().isEmpty()) {
            return Optional.empty();
        }
        List<io.mailsync.core.MailFolder> watched = folders != null ? folders : folders();
        return Optional.of(GraphPush.start(this, config, context, pushTarget, watched, registry));
    }

    AccountId accountId() {
        return accountId;
    }

    @Override
    public void close() {
        http.connectionPool().evictAll(); // the client itself stays usable by a push registration that outlives us
    }
}
