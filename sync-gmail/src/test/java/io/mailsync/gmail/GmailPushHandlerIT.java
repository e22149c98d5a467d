package io.mailsync.gmail;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;
import io.mailsync.testkit.gmail.GmailFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The push handler against tokens signed by the fake's key and verified through its JWKS endpoint. */
class GmailPushHandlerIT {

    private static final String AUDIENCE = "https://host.example.com/gmail/push";
    private static final String PUSHER = "push-sa@my-project.iam.gserviceaccount.com";
    private static final AccountId ALICE = AccountId.of("alice");

    private final GmailFake fake = GmailFake.start();
    private final TriggerSink sink = mock(TriggerSink.class);
    private final GmailPushHandler handler = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
            .certsUrl(fake.certsUrl()).triggerSink(sink)
            .accountLookup(email -> email.equalsIgnoreCase("alice@example.com") ? Optional.of(ALICE) : Optional.empty())
            .build();

    @AfterEach
    void stop() {
        fake.close();
    }

    private GmailPushResponse push(String token, String data) {
        String body = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"1\",\"publishTime\":\"2026-01-01T00:00:00Z\"},"
                + "\"subscription\":\"projects/p/subscriptions/s\"}";
        Map<String, List<String>> headers = token == null ? Map.of() : Map.of("Authorization", List.of("Bearer " + token));
        return handler.handle("POST", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verifiedPushEnqueuesOneCoalescedTriggerAndAnswers204() {
        GmailPushResponse r = push(fake.pushTokens().token(AUDIENCE, PUSHER),
                b64("{\"emailAddress\":\"alice@example.com\",\"historyId\":9876543210}"));
        assertThat(r.status()).isEqualTo(204);
        verify(sink).trigger(ALICE, FolderId.MAILBOX, TriggerSource.PUBSUB);
    }

    @Test
    void acceptsBase64UrlDataAndHistoryIdAsString() {
        String clean = Base64.getUrlEncoder().encodeToString(
                "{\"emailAddress\":\"alice@example.com\",\"historyId\":\"12345\",\"x\":\"??>\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(clean).containsAnyOf("-", "_");
        assertThat(push(fake.pushTokens().token(AUDIENCE, PUSHER), clean).status()).isEqualTo(204);
        verify(sink).trigger(ALICE, FolderId.MAILBOX, TriggerSource.PUBSUB);
    }

    @Test
    void unknownMailboxIsAcknowledgedAndIgnored() {
        GmailPushResponse r = push(fake.pushTokens().token(AUDIENCE, PUSHER),
                b64("{\"emailAddress\":\"stranger@example.com\",\"historyId\":1}"));
        assertThat(r.status()).isEqualTo(204);
        verify(sink, never()).trigger(any(), any(), any());
    }

    @Test
    void missingForgedExpiredOrWrongAudienceTokensAreRejectedAndNothingIsEnqueued() {
        String data = b64("{\"emailAddress\":\"alice@example.com\",\"historyId\":1}");
        assertThat(push(null, data).status()).isEqualTo(401);
        assertThat(push(fake.pushTokens().forgedToken(AUDIENCE, PUSHER), data).status()).isEqualTo(401);
        assertThat(push(fake.pushTokens().expiredToken(AUDIENCE, PUSHER, Duration.ofMinutes(10)), data).status())
                .isEqualTo(401);
        assertThat(push(fake.pushTokens().token("https://other.example.com", PUSHER), data).status()).isEqualTo(401);
        assertThat(push(fake.pushTokens().token(AUDIENCE, PUSHER, c -> c.issuer("https://evil.example.com")), data)
                .status()).isEqualTo(401);
        assertThat(push(fake.pushTokens().token(AUDIENCE, "someone@else.iam.gserviceaccount.com"), data).status())
                .isEqualTo(403);
        assertThat(push(fake.pushTokens().token(AUDIENCE, PUSHER, c -> c.claim("email_verified", false)), data)
                .status()).isEqualTo(403);
        assertThat(push("not.a.jwt", data).status()).isEqualTo(401);
        verify(sink, never()).trigger(any(), any(), any());
    }

    @Test
    void malformedDataIsA400AndEnqueuesNothing() {
        String token = fake.pushTokens().token(AUDIENCE, PUSHER);
        assertThat(push(token, "%%%not-base64%%%").status()).isEqualTo(400);
        assertThat(push(token, b64("not json")).status()).isEqualTo(400);
        assertThat(push(token, b64("{\"emailAddress\":\"alice@example.com\"}")).status()).isEqualTo(400);
        assertThat(handler.handle("POST", Map.of("Authorization", List.of("Bearer " + token)),
                "{oops".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(handler.handle("GET", Map.of(), new byte[0]).status()).isEqualTo(405);
        verify(sink, never()).trigger(any(), any(), any());
    }

    @Test
    void aVerifiedTokenIsRememberedSoRepeatedPushesSkipSignatureChecks() {
        String token = fake.pushTokens().token(AUDIENCE, PUSHER);
        String data = b64("{\"emailAddress\":\"alice@example.com\",\"historyId\":5}");
        for (int i = 0; i < 3; i++) {
            assertThat(push(token, data).status()).isEqualTo(204);
        }
        verify(sink, times(3)).trigger(ALICE, FolderId.MAILBOX, TriggerSource.PUBSUB);
    }
}
