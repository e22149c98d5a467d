package io.mailsync.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.ProviderUnavailableException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Lists a mailbox's folders from {@code mailFolders/delta} and finds their roles from Graph's well-known folder names
 * (v1.0 has no {@code wellKnownName} property), both in one JSON {@code $batch}.
 */
final class GraphFolders {

    private static final Map<String, FolderRole> WELL_KNOWN = Map.of("inbox", FolderRole.INBOX,
            "sentitems", FolderRole.SENT, "drafts", FolderRole.DRAFTS, "deleteditems", FolderRole.TRASH,
            "junkemail", FolderRole.JUNK, "archive", FolderRole.ARCHIVE);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The batch request id of the folder delta. */
    private static final String FOLDERS = "folders";

    private GraphFolders() {
    }

    /** One folder as listed, with its item count. */
    record Listed(MailFolder folder, long totalItems) {
    }

    /**
     * The mailbox's folders with their roles and item counts. The first page of {@code mailFolders/delta} and the
     * well-known folder lookups travel in one JSON {@code $batch} (Outlook runs 4 of a batch's requests at once, so
     * the listing costs two request times where a batch and then the delta cost three); further pages of the folder
     * delta, rare, are followed one by one through {@code checkedLink}.
     */
    static List<Listed> list(OkHttpClient http, String baseUrl, String mailboxPath, AccountId accountId,
                             UnaryOperator<String> checkedLink) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        requests.addObject().put("id", FOLDERS).put("method", "GET").put("url", mailboxPath + "/mailFolders/delta");
        WELL_KNOWN.keySet().forEach(name -> requests.addObject().put("id", name).put("method", "GET")
                .put("url", mailboxPath + "/mailFolders/" + name + "?$select=id"));
        Request request = GraphHttp.request(baseUrl + "/$batch")
                .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
        JsonNode page = null;
        Map<String, FolderRole> roles = new HashMap<>();
        for (JsonNode r : call(http, request, accountId).path("responses")) {
            String id = r.path("id").asText();
            int status = r.path("status").asInt();
            if (id.equals(FOLDERS)) {
                if (status != 200) {
                    throw GraphErrors.fromResponse(status, r.path("body").toString(),
                            r.path("headers").path("Retry-After").textValue(), accountId, null);
                }
                page = r.path("body");
            } else if (status == 200 && r.at("/body/id").isTextual()) {
                roles.put(r.at("/body/id").asText(), WELL_KNOWN.get(id));
            }
        }
        if (page == null) {
            throw new ProviderUnavailableException(accountId, "Graph's $batch answer lacked the folder delta");
        }
        List<Listed> listed = new ArrayList<>();
        while (true) {
            for (JsonNode f : page.path("value")) {
                if (f.path("id").isTextual() && !f.has("@removed")) {
                    listed.add(new Listed(folder(f.path("id").asText(), f.path("displayName").textValue(), roles),
                            f.path("totalItemCount").asLong(-1)));
                }
            }
            String next = page.path("@odata.nextLink").textValue();
            if (next == null) {
                return listed;
            }
            page = call(http, GraphHttp.request(checkedLink.apply(next)).get().build(), accountId);
        }
    }

    private static JsonNode call(OkHttpClient http, Request request, AccountId accountId) {
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw GraphErrors.fromResponse(response.code(), text, response.header("Retry-After"), accountId, null);
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw GraphErrors.map(new java.io.UncheckedIOException(e), accountId, null);
        }
    }

    /** The folders to sync: INBOX, then SENT, then the others by name; filtered by {@code wanted} when not empty. */
    static List<Listed> select(List<Listed> all, Set<String> wanted) {
        List<Listed> out = new ArrayList<>();
        for (Listed l : all) {
            MailFolder f = l.folder();
            if (wanted.isEmpty() || wanted.contains(f.id().value().toLowerCase(Locale.ROOT))
                    || wanted.contains(f.name().toLowerCase(Locale.ROOT))
                    || WELL_KNOWN.entrySet().stream().anyMatch(e -> e.getValue() == f.role()
                    && wanted.contains(e.getKey()))) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparingInt((Listed l) -> switch (l.folder().role()) {
            case INBOX -> 0;
            case SENT -> 1;
            default -> 2;
        }).thenComparing(l -> l.folder().name()));
        return out;
    }

    static MailFolder folder(String id, String name, Map<String, FolderRole> roles) {
        return new MailFolder(FolderId.of(id), name == null ? id : name, roles.getOrDefault(id, FolderRole.OTHER));
    }
}
