package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailsync.core.AccountId;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.AccountRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of {@code email_accounts}, through Jdbi. Thread-safe. */
public final class AccountSql {

    private final String upsertSql;
    private final String selectSql;
    private final String deleteSql;

    /** The SQL for the tables of {@code quotedSchema}. */
    public AccountSql(String quotedSchema) {
        String t = quotedSchema + ".email_accounts";
        upsertSql = "INSERT INTO " + t + " (id, user_id, email, provider, is_active, real_time_sync_active, "
                + "webhook_active, webhook_id, subscription_expires_at, polling_interval, status, last_sync_at, "
                + "last_error_category, last_error_message, last_error_at, notify_from, options) VALUES (:id, :userId, "
                + ":email, :provider, :active, :rt, :wh, :whId, :subExp, :pollMs * interval '1 millisecond', :status, "
                + ":lastSync, :errCat, :errMsg, :errAt, :notifyFrom, :options::jsonb) "
                + "ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, email = EXCLUDED.email, "
                + "provider = EXCLUDED.provider, is_active = EXCLUDED.is_active, "
                + "real_time_sync_active = EXCLUDED.real_time_sync_active, webhook_active = EXCLUDED.webhook_active, "
                + "webhook_id = EXCLUDED.webhook_id, subscription_expires_at = EXCLUDED.subscription_expires_at, "
                + "polling_interval = EXCLUDED.polling_interval, status = EXCLUDED.status, "
                + "last_sync_at = EXCLUDED.last_sync_at, last_error_category = EXCLUDED.last_error_category, "
                + "last_error_message = EXCLUDED.last_error_message, last_error_at = EXCLUDED.last_error_at, "
                + "notify_from = EXCLUDED.notify_from, options = EXCLUDED.options, updated_at = now()";
        selectSql = "SELECT id, user_id, email, provider, is_active, real_time_sync_active, webhook_active, webhook_id, "
                + "subscription_expires_at, (extract(epoch FROM polling_interval) * 1000)::bigint AS poll_ms, status, "
                + "last_sync_at, last_error_category, last_error_message, last_error_at, notify_from, options FROM " + t;
        deleteSql = "DELETE FROM " + t + " WHERE id = :id";
    }

    /** Inserts or replaces the account. */
    public void save(Handle h, AccountRecord a) {
        SyncOptions o = a.options();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("enableWebhooks", o.enableWebhooks());
        options.put("enableAI", o.enableAI());
        options.put("enableDraftPreparation", o.enableDraftPreparation());
        o.notifyFrom().ifPresent(n -> options.put("notifyFrom", n.toString()));
        h.createUpdate(upsertSql)
                .bind("id", a.accountId().value())
                .bind("userId", Text.clean(o.userId()))
                .bind("email", Text.clean(o.email()))
                .bind("provider", o.provider().name())
                .bind("active", a.active())
                .bind("rt", a.realTimeSyncActive())
                .bind("wh", a.webhookActive())
                .bind("whId", a.webhookId().map(Text::clean).orElse(null))
                .bindByType("subExp", odt(a.subscriptionExpiresAt()), OffsetDateTime.class)
                .bind("pollMs", o.pollingInterval().toMillis())
                .bind("status", a.state().name())
                .bindByType("lastSync", odt(a.lastSyncAt()), OffsetDateTime.class)
                .bind("errCat", a.lastError().map(e -> e.category().name()).orElse(null))
                .bind("errMsg", a.lastError().map(e -> Text.clean(e.message())).orElse(null))
                .bindByType("errAt", odt(a.lastError().map(SyncError::at)), OffsetDateTime.class)
                .bindByType("notifyFrom", odt(Optional.of(a.notifyFrom())), OffsetDateTime.class)
                .bind("options", MessageCodec.json(options))
                .execute();
    }

    /** The account with this id. */
    public Optional<AccountRecord> find(Handle h, AccountId id) {
        return h.createQuery(selectSql + " WHERE id = :id").bind("id", id.value()).map(AccountSql::read).findOne();
    }

    /** Every account. */
    public List<AccountRecord> findAll(Handle h) {
        return h.createQuery(selectSql).map(AccountSql::read).list();
    }

    /** Deletes the account row. */
    public void delete(Handle h, AccountId id) {
        h.createUpdate(deleteSql).bind("id", id.value()).execute();
    }

    private static AccountRecord read(ResultSet rs, StatementContext ctx) throws SQLException {
        JsonNode options;
        try {
            options = MessageCodec.JSON.readTree(rs.getString("options"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored account options are not JSON", e);
        }
        SyncOptions.Builder b = SyncOptions.builder()
                .provider(Provider.valueOf(rs.getString("provider")))
                .accountId(AccountId.of(rs.getString("id")))
                .userId(rs.getString("user_id"))
                .email(rs.getString("email"))
                .pollingInterval(Duration.ofMillis(rs.getLong("poll_ms")))
                .enableWebhooks(options.path("enableWebhooks").asBoolean())
                .enableAI(options.path("enableAI").asBoolean())
                .enableDraftPreparation(options.path("enableDraftPreparation").asBoolean());
        if (options.hasNonNull("notifyFrom")) {
            b.notifyFrom(Instant.parse(options.get("notifyFrom").asText()));
        }
        Optional<SyncError> error = Optional.empty();
        if (rs.getString("last_error_category") != null) {
            error = Optional.of(new SyncError(ErrorCategory.valueOf(rs.getString("last_error_category")),
                    rs.getString("last_error_message"), MessageCodec.instant(rs, "last_error_at")));
        }
        return new AccountRecord(b.build(), rs.getBoolean("is_active"), rs.getBoolean("real_time_sync_active"),
                rs.getBoolean("webhook_active"), Optional.ofNullable(rs.getString("webhook_id")),
                Optional.ofNullable(MessageCodec.instant(rs, "subscription_expires_at")),
                SyncState.valueOf(rs.getString("status")),
                Optional.ofNullable(MessageCodec.instant(rs, "last_sync_at")), error,
                MessageCodec.instant(rs, "notify_from"));
    }

    private static OffsetDateTime odt(Optional<Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    }
}
