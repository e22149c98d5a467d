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

/**
 * Lists a mailbox's folders from {@code mailFolders/delta} and finds their roles from Graph's well-known folder names,
 * resolved in one JSON {@code $batch} (v1.0 has no {@code wellKnownName} property).
 */
final class GraphFolders {

    private static final Map<String, FolderRole> WELL_KNOWN = Map.of("inbox", FolderRole.INBOX,
            "sentitems", FolderRole.SENT, "drafts", FolderRole.DRAFTS, "deleteditems", FolderRole.TRASH,
            "junkemail", FolderRole.JUNK, "archive", FolderRole.ARCHIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphFolders() {
    }

    /** One folder as listed, with its item count. */
    record Listed(MailFolder folder, long totalItems) {
    }

    /** Folder id → role, for the well-known folders the mailbox has, in one batch request. */
    static Map<String, FolderRole> roles(OkHttpClient http, String baseUrl, String mailboxPath, AccountId accountId) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        WELL_KNOWN.keySet().forEach(name -> requests.addObject().put("id", name).put("method", "GET")
                .put("url", mailboxPath + "/mailFolders/" + name + "?$select=id"));
        Request request = GraphHttp.request(baseUrl + "/$batch")
                .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw new ProviderUnavailableException(accountId, "Graph $batch of well-known folders failed",
                        response.code() + " " + text, null);
            }
            Map<String, FolderRole> roles = new HashMap<>();
            for (JsonNode r : JSON.readTree(text).path("responses")) {
                if (r.path("status").asInt() == 200 && r.at("/body/id").isTextual()) {
                    roles.put(r.at("/body/id").asText(), WELL_KNOWN.get(r.path("id").asText()));
                }
            }
            return roles;
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
