package io.mailsync.jdbc;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.mailsync.core.AccountId;
import io.mailsync.core.StoreException;
import io.mailsync.core.spi.Credential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials are encrypted at rest with Tink AEAD, survive key rotation and never show in toString. */
class JdbcCredentialStoreIT {

    private static final String SECRET = "ya29.super-secret-access-token";
    private static final String REFRESH = "1//refresh-token-secret";

    private final AccountId account = AccountId.of("cred-" + UUID.randomUUID());

    @BeforeAll
    static void registerTink() throws Exception {
        AeadConfig.register();
    }

    private static KeysetHandle newKeyset() throws Exception {
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    @Test
    void credentialRoundTripsAndIsNotStoredInPlainText() throws Exception {
        Credential oauth = Credential.oauth2("user@example.com", SECRET, REFRESH, Instant.parse("2026-11-01T10:00:00Z"));
        try (JdbcMailStore store = Stores.builder("cred").credentialKeyset(newKeyset()).build()) {
            store.save(account, oauth);

            assertThat(store.load(account)).contains(oauth);
            byte[] ciphertext = storedCiphertext(store, account);
            String raw = new String(ciphertext, StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain(SECRET).doesNotContain(REFRESH).doesNotContain("user@example.com");
            assertThat(store.toString()).doesNotContain(SECRET);
            assertThat(oauth.toString()).doesNotContain(SECRET).doesNotContain(REFRESH);

            store.save(account, Credential.password("imap-user", "pw"));
            assertThat(store.load(account)).contains(Credential.password("imap-user", "pw"));
            store.delete(account);
            assertThat(store.load(account)).isEmpty();
        }
    }

    @Test
    void rowsWrittenUnderTheOldPrimaryDecryptAfterANewPrimaryKeyIsAdded() throws Exception {
        KeysetHandle old = newKeyset();
        KeysetHandle rotated = KeysetHandle.newBuilder(old)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary())
                .build();
        assertThat(rotated.size()).isEqualTo(2);
        assertThat(rotated.getPrimary().getId()).isNotEqualTo(old.getPrimary().getId());
        Credential before = Credential.password("user", "written-under-old-key");
        String schema;
        try (JdbcMailStore oldStore = Stores.builder("rotate").credentialKeyset(old).build()) {
            oldStore.save(account, before);
            schema = oldStore.schema();
        }
        try (JdbcMailStore rotatedStore = builderOn(schema).credentialKeyset(rotated).build();
             JdbcMailStore oldKeyOnly = builderOn(schema).credentialKeyset(old).build()) {
            assertThat(rotatedStore.load(account)).contains(before);

            Credential after = Credential.password("user", "written-under-new-key");
            rotatedStore.save(account, after);
            assertThat(rotatedStore.load(account)).contains(after);
            assertThatThrownBy(() -> oldKeyOnly.load(account)).as("the new row is under the new primary")
                    .isInstanceOf(StoreException.class).hasMessageNotContaining("written-under");
        }
    }

    @Test
    void ciphertextCopiedToAnotherAccountDoesNotDecrypt() throws Exception {
        AccountId other = AccountId.of("cred-other-" + UUID.randomUUID());
        try (JdbcMailStore store = Stores.builder("credswap").credentialKeyset(newKeyset()).build()) {
            store.save(account, Credential.password("victim", "victims-password"));
            store.save(other, Credential.password("attacker", "x"));
            try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE \"" + store.schema() + "\".account_credentials SET ciphertext = "
                            + "(SELECT ciphertext FROM \"" + store.schema() + "\".account_credentials "
                            + "WHERE email_account_id = ?) WHERE email_account_id = ?")) {
                ps.setString(1, account.value());
                ps.setString(2, other.value());
                ps.executeUpdate();
            }

            assertThatThrownBy(() -> store.load(other)).isInstanceOf(StoreException.class)
                    .hasMessageNotContaining("victims-password");
        }
    }

    @Test
    void withoutAKeysetCredentialMethodsSaySo() {
        try (JdbcMailStore store = Stores.builder("nokey").build()) {
            assertThatThrownBy(() -> store.load(account)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("credentialKeyset");
        }
    }

    private static JdbcMailStore.Builder builderOn(String schema) {
        var pg = io.mailsync.testkit.postgres.TestPostgres.shared();
        return JdbcMailStore.builder().jdbcUrl(pg.jdbcUrl()).username(pg.user()).password(pg.password())
                .schema(schema).maximumPoolSize(2);
    }

    private static byte[] storedCiphertext(JdbcMailStore store, AccountId account) throws Exception {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ciphertext FROM \"" + store.schema() + "\".account_credentials WHERE email_account_id = ?")) {
            ps.setString(1, account.value());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }
}
