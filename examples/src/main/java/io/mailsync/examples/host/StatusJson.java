package io.mailsync.examples.host;

import io.mailsync.core.SyncError;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.spi.DeadLetter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the admin and sync routes, as maps Jackson writes (ISO-8601 instants, ISO durations). */
final class StatusJson {

    private StatusJson() {
    }

    static Map<String, Object> status(SyncStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", s.accountId().value());
        m.put("provider", lower(s.provider()));
        m.put("state", s.state().name());
        m.put("lastSuccessAt", s.lastSuccessAt().map(Object::toString).orElse(null));
        m.put("lastError", s.lastError().map(StatusJson::error).orElse(null));
        m.put("cursorAgeSeconds", s.cursorAge().map(d -> d.toSeconds()).orElse(null));
        m.put("subscriptionExpiresAt", s.subscriptionExpiresAt().map(Object::toString).orElse(null));
        m.put("queueDepth", s.queueDepth());
        m.put("folders", s.folders().stream().map(StatusJson::folder).toList());
        return m;
    }

    static List<Map<String, Object>> statuses(List<SyncStatus> list) {
        return list.stream().map(StatusJson::status).toList();
    }

    static Map<String, Object> deadLetter(DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", d.job().id());
        m.put("accountId", d.job().accountId().value());
        m.put("providerMessageId", d.job().providerMessageId());
        m.put("attempts", d.job().attempts());
        m.put("lastError", d.lastError());
        m.put("failedAt", d.failedAt().toString());
        return m;
    }

    private static Map<String, Object> folder(SyncStatus.FolderStatus f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folderId", f.folderId().value());
        m.put("historicalComplete", f.historicalComplete());
        m.put("lastSuccessAt", f.lastSuccessAt().map(Object::toString).orElse(null));
        m.put("lastError", f.lastError().map(StatusJson::error).orElse(null));
        m.put("consecutiveFailures", f.consecutiveFailures());
        m.put("nextRetryAt", f.nextRetryAt().map(Object::toString).orElse(null));
        return m;
    }

    private static Map<String, Object> error(SyncError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", e.category().name());
        m.put("message", e.message());
        m.put("at", e.at().toString());
        return m;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
