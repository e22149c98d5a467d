package io.mailsync.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.Aead;
import io.mailsync.core.AccountId;
import io.mailsync.core.spi.Credential;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of {@code account_credentials}: the whole credential (kind, username, secret, refresh token, expiry) as one
 * Tink AEAD ciphertext whose associated data is the account id, so a ciphertext copied to another account's row does
 * not decrypt. Tink prefixes each ciphertext with its key id: after a new primary key is added to the keyset, rows
 * written under the old one still decrypt, and each save re-encrypts under the new primary. Thread-safe.
 */
public final class CredentialSql {

    private static final String CONTEXT = "mailsync-credential:v1:";

    private final Aead aead;
    private final String upsertSql;
    private final String selectSql;
    private final String deleteSql;

    /** The SQL for the tables of {@code quotedSchema}, encrypting with {@code aead}. */
    public CredentialSql(String quotedSchema, Aead aead) {
        this.aead = aead;
        String t = quotedSchema + ".account_credentials";
        upsertSql = "INSERT INTO " + t + " (email_account_id, kind, ciphertext) VALUES (:id, :kind, :ct) "
                + "ON CONFLICT (email_account_id) DO UPDATE SET kind = EXCLUDED.kind, ciphertext = EXCLUDED.ciphertext, "
                + "updated_at = now()";
        selectSql = "SELECT ciphertext FROM " + t + " WHERE email_account_id = :id";
        deleteSql = "DELETE FROM " + t + " WHERE email_account_id = :id";
    }

    /** Encrypts and stores the credential. */
    public void save(Handle h, AccountId account, Credential credential) throws GeneralSecurityException {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("kind", credential.kind().name());
        plain.put("username", credential.username());
        plain.put("secret", credential.secret());
        credential.refreshToken().ifPresent(r -> plain.put("refreshToken", r));
        credential.expiresAt().ifPresent(e -> plain.put("expiresAt", e.toString()));
        byte[] ciphertext = aead.encrypt(MessageCodec.json(plain).getBytes(StandardCharsets.UTF_8), ad(account));
        h.createUpdate(upsertSql).bind("id", account.value()).bind("kind", credential.kind().name())
                .bind("ct", ciphertext).execute();
    }

    /** Loads and decrypts the credential. */
    public Optional<Credential> load(Handle h, AccountId account) throws GeneralSecurityException {
        Optional<byte[]> row = h.createQuery(selectSql).bind("id", account.value()).mapTo(byte[].class).findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        byte[] plain = aead.decrypt(row.get(), ad(account));
        JsonNode n;
        try {
            n = MessageCodec.JSON.readTree(new String(plain, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new GeneralSecurityException("decrypted credential is not readable");
        }
        return Optional.of(new Credential(Credential.Kind.valueOf(n.get("kind").asText()), n.get("username").asText(),
                n.get("secret").asText(),
                n.hasNonNull("refreshToken") ? Optional.of(n.get("refreshToken").asText()) : Optional.empty(),
                n.hasNonNull("expiresAt") ? Optional.of(Instant.parse(n.get("expiresAt").asText())) : Optional.empty()));
    }

    /** Deletes the credential. */
    public void delete(Handle h, AccountId account) {
        h.createUpdate(deleteSql).bind("id", account.value()).execute();
    }

    private static byte[] ad(AccountId account) {
        return (CONTEXT + account.value()).getBytes(StandardCharsets.UTF_8);
    }
}
