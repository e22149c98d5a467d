package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.StoreException;
import io.mailsync.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The PostgreSQL subscription store against a real server: shared between instances, clientState sealed at rest. */
class JdbcGraphSubscriptionStoreIT {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final Instant EXPIRY = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);

    private final DataSource dataSource = TestPostgres.shared().dataSource();
    private String schema;
    private SecretKey key;

    @BeforeEach
    void freshSchema() {
        schema = "graphsubs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        key = aesKey();
    }

    private static SecretKey aesKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    private JdbcGraphSubscriptionStore store(SecretKey with, Duration ttl) {
        return JdbcGraphSubscriptionStore.builder(dataSource).schema(schema).encryptionKey(with).cacheTtl(ttl).build();
    }

    private static GraphSubscription subscription(String id, String clientState) {
        return new GraphSubscription(id, ALICE, FolderId.of("inbox-id"), clientState, EXPIRY);
    }

    @Test
    void aSubscriptionSavedByOneInstanceIsFoundByAnotherWithItsClientState() {
        JdbcGraphSubscriptionStore first = store(key, Duration.ofSeconds(60));
        JdbcGraphSubscriptionStore second = store(key, Duration.ofSeconds(60));
        first.save(subscription("sub-1", "state-one"));
        first.save(subscription("sub-2", "state-two"));

        assertThat(second.find("sub-1")).hasValueSatisfying(s -> {
            assertThat(s.clientState()).isEqualTo("state-one");
            assertThat(s.accountId()).isEqualTo(ALICE);
            assertThat(s.folderId()).isEqualTo(FolderId.of("inbox-id"));
            assertThat(s.expiresAt()).isEqualTo(EXPIRY);
        });
        assertThat(second.forAccount(ALICE)).extracting(GraphSubscription::id).containsExactly("sub-1", "sub-2");
        assertThat(second.find("unknown")).isEmpty();
    }

    @Test
    void renewalReplacesTheExpiryAndDeletionIsSeenByTheOtherInstanceAfterItsCacheTtl() {
        JdbcGraphSubscriptionStore first = store(key, Duration.ZERO);
        JdbcGraphSubscriptionStore second = store(key, Duration.ofSeconds(3));
        first.save(subscription("sub-1", "state-one"));
        assertThat(second.find("sub-1")).isPresent();

        first.save(subscription("sub-1", "state-one").withExpiresAt(EXPIRY.plus(Duration.ofDays(1))));
        assertThat(first.find("sub-1")).hasValueSatisfying(s ->
                assertThat(s.expiresAt()).isEqualTo(EXPIRY.plus(Duration.ofDays(1))));
        first.delete("sub-1");

        assertThat(first.find("sub-1")).isEmpty();
        assertThat(second.find("sub-1")).isPresent(); // still cached
        await().atMost(Duration.ofSeconds(10)).until(() -> second.find("sub-1").isEmpty());
        assertThat(second.forAccount(ALICE)).isEmpty();
    }

    @Test
    void theClientStateIsNotStoredInClearText() throws Exception {
        store(key, Duration.ZERO).save(subscription("sub-1", "very-secret-client-state"));

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT client_state FROM " + schema + ".graph_subscriptions")) {
            assertThat(rs.next()).isTrue();
            String raw = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("very-secret-client-state");
        }
        assertThat(store(key, Duration.ZERO).toString()).doesNotContain("very-secret");
    }

    @Test
    void aRowSealedWithAnotherKeyOrCopiedToAnotherIdIsATypedErrorWithoutTheSecret() throws Exception {
        store(key, Duration.ZERO).save(subscription("sub-1", "state-one"));
        store(key, Duration.ZERO).save(subscription("sub-2", "state-two"));

        assertThatThrownBy(() -> store(aesKey(), Duration.ZERO).find("sub-1"))
                .isInstanceOf(StoreException.class).hasMessageContaining("sub-1").hasMessageNotContaining("state-one");

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + schema + ".graph_subscriptions SET client_state = (SELECT client_state FROM "
                    + schema + ".graph_subscriptions WHERE id = 'sub-1') WHERE id = 'sub-2'");
        }
        assertThatThrownBy(() -> store(key, Duration.ZERO).find("sub-2")).isInstanceOf(StoreException.class);
    }

    @Test
    void aWrongConfigurationIsRefusedNamingTheField() {
        assertThatThrownBy(() -> JdbcGraphSubscriptionStore.builder(dataSource).schema(schema).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryptionKey");
        assertThatThrownBy(() -> JdbcGraphSubscriptionStore.builder(dataSource).schema("x; DROP TABLE y")
                .encryptionKey(key).build()).hasMessageContaining("schema");
        assertThatThrownBy(() -> JdbcGraphSubscriptionStore.builder(dataSource).schema(schema)
                .encryptionKey(new SecretKeySpec(new byte[7], "AES")).build()).hasMessageContaining("encryptionKey");
    }
}
