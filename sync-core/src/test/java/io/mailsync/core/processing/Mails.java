package io.mailsync.core.processing;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Messages and accounts for the processing tests. */
final class Mails {

    static final AccountId ACCOUNT = AccountId.of("alice");
    static final String OWN = "alice@example.com";
    static final SyncOptions OPTIONS = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT)
            .userId("u-alice").email(OWN).build();
    static final SyncOptions AI = OPTIONS.toBuilder().enableAI(true).build();
    static final SyncOptions AI_AND_DRAFTS = AI.toBuilder().enableDraftPreparation(true).build();

    private Mails() {
    }

    /** A message from {@code from} to the account. */
    static EmailMessage.Builder mail(String id, String from) {
        return EmailMessage.builder(ACCOUNT, id)
                .internetMessageId(id + "@mail.test")
                .from(EmailAddress.of(from))
                .to(List.of(EmailAddress.of(OWN)))
                .subject("Hello " + id)
                .textBody("Hi Alice, a few words.")
                .receivedAt(Instant.parse("2026-03-01T10:00:00Z"));
    }

    static Map<String, List<String>> headers(String... nameValue) {
        java.util.LinkedHashMap<String, List<String>> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return h;
    }
}
