package io.mailsync.examples.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailsync.core.AccountId;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import jakarta.mail.Flags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host's own routes over real HTTP: the manual sync of an IMAP account (GreenMail) into PostgreSQL, the admin
 * routes behind the bearer token, {@code /metrics}, and the JSON errors.
 */
class HostRoutesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccountId CAROL = AccountId.of("imap-carol");
    private static final AccountId DAVE = AccountId.of("imap-dave");
    private static final String TOKEN = HostFixture.ADMIN_TOKEN;

    private static HostFixture host;

    @BeforeAll
    static void registerAccounts() {
        host = HostFixture.shared();
        host.imap.addUser("carol", "carol-pw");
        try (ImapTestClient client = host.imap.client("carol", "carol-pw")) {
            client.appendAll("INBOX", IntStream.rangeClosed(1, 6).mapToObj(TestMail::message).toList(), new Flags());
        }
        register(CAROL, "carol", "carol-pw", "user-carol");
        host.imap.addUser("dave", "dave-pw");
        register(DAVE, "dave", "not-dave's-password", "user-dave");
    }

    private static void register(AccountId id, String user, String password, String userId) {
        host.app.store().save(id, Credential.password(user, password));
        host.app.mailSync().registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId(userId)
                .email(user + "@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());
    }

    @Test
    void syncToDatabaseStartsTheHistoricalSyncOfTheUsersImapAccount() throws Exception {
        HttpResponse<String> r = host.postJson("/api/email/sync-to-database", "{\"userId\":\"user-carol\",\"limit\":100}",
                null);

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode accounts = JSON.readTree(r.body()).get("accounts");
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("accountId").asText()).isEqualTo(CAROL.value());
        assertThat(accounts.get(0).get("provider").asText()).isEqualTo("imap");
        await().atMost(Duration.ofSeconds(20)).until(() -> host.stored(CAROL) == 6);

        // the engine's meters and the host's, after a sync
        String metrics = host.get("/metrics", null).body();
        assertThat(metrics).contains("mailsync_sync_duration_seconds_count{outcome=\"success\",provider=\"imap\"}",
                "mailsync_messages_total{change=\"inserted\",provider=\"imap\"}", "mailsync_host_queue_depth",
                "mailsync_host_accounts{state=", "mailsync_host_subscription_expiry_seconds{provider=",
                "mailsync_triggers_total");
        assertThat(host.metric("mailsync_messages_total", "change=\"inserted\"", "provider=\"imap\""))
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void queryParametersWorkAsWellAsJsonAndTheLimitIsPerFolder() {
        host.imap.addUser("erin", "erin-pw");
        try (ImapTestClient client = host.imap.client("erin", "erin-pw")) {
            client.appendAll("INBOX", IntStream.rangeClosed(1, 5).mapToObj(TestMail::message).toList(), new Flags());
        }
        AccountId erin = AccountId.of("imap-erin");
        register(erin, "erin", "erin-pw", "user-erin");

        HttpResponse<String> r = host.send(HttpRequest.newBuilder(URI.create(host.url(
                "/api/email/sync-to-database?userId=user-erin&limit=2"))).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> host.stored(erin) == 2);
    }

    @Test
    void syncErrorsAreCountedByCategory() {
        assertThat(host.postJson("/api/email/sync-to-database", "{\"userId\":\"user-dave\"}", null).statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                host.metric("mailsync_sync_errors_total", "category=\"authentication\"", "provider=\"imap\"") >= 1);
        assertThat(host.stored(DAVE)).isZero();
    }

    @Test
    void syncRoutesRefuseBadInputWithJsonErrorsAndEchoNothing() {
        assertError(host.postJson("/api/emails/graph/sync", "{\"userId\":\"<script>alert(1)</script>\"}", null), 404);
        assertThat(host.postJson("/api/emails/graph/sync", "{\"userId\":\"<script>alert(1)</script>\"}", null).body())
                .doesNotContain("<script>");
        assertError(host.postJson("/api/emails/gmail/sync", "{\"userId\":\"user-carol\"}", null), 404);
        assertError(host.postJson("/api/email/sync-to-database", "{not json", null), 400);
        assertError(host.postJson("/api/email/sync-to-database", "[1,2]", null), 400);
        assertError(host.postJson("/api/email/sync-to-database", "{}", null), 400);
        assertError(host.postJson("/api/email/sync-to-database", "{\"userId\":\"user-carol\",\"limit\":\"x\"}", null), 400);
        assertError(host.postJson("/api/email/sync-to-database", "{\"userId\":\"user-carol\",\"limit\":0}", null), 400);
        assertError(host.postJson("/api/email/sync-to-database", "{\"userId\":\"" + "u".repeat(2 << 20) + "\"}", null),
                413);
        assertError(host.get("/api/email/sync-to-database", null), 405);
        assertError(host.get("/api/nothing-here", null), 404);
    }

    @Test
    void adminRoutesNeedTheBearerToken() {
        for (String token : new String[] {null, "wrong-token-wrong-token", TOKEN + "x", TOKEN.substring(1)}) {
            HttpResponse<String> r = host.get("/api/admin/sync-status", token);
            assertError(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertError(host.postJson("/api/admin/accounts/" + CAROL.value() + "/restart-sync", "", token), 401);
            assertError(host.get("/api/admin/no-such-route", token), 401);
        }
        HttpRequest.Builder delete = HttpRequest.newBuilder(URI.create(host.url("/api/admin/accounts/"
                + CAROL.value() + "/sync-state"))).DELETE();
        assertError(host.send(delete), 401);
    }

    @Test
    void syncStatusListsEveryAccount() throws Exception {
        HttpResponse<String> r = host.get("/api/admin/sync-status", TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        List<String> ids = JSON.readTree(r.body()).get("accounts").findValuesAsText("accountId");
        assertThat(ids).contains(CAROL.value(), DAVE.value());
        JsonNode first = JSON.readTree(r.body()).get("accounts").get(0);
        assertThat(first.has("state")).isTrue();
        assertThat(first.has("queueDepth")).isTrue();
        assertThat(first.has("folders")).isTrue();
    }

    @Test
    void restartAndResetAnswerTheAccountsStatusAndUnknownAccountsAre404() throws Exception {
        HttpResponse<String> restart = host.postJson("/api/admin/accounts/" + DAVE.value() + "/restart-sync", "", TOKEN);
        assertThat(restart.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(restart.body()).get("accountId").asText()).isEqualTo(DAVE.value());

        HttpResponse<String> reset = host.send(HttpRequest.newBuilder(URI.create(host.url("/api/admin/accounts/"
                + DAVE.value() + "/sync-state"))).header("Authorization", "Bearer " + TOKEN).DELETE());
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).get("accountId").asText()).isEqualTo(DAVE.value());

        assertError(host.postJson("/api/admin/accounts/nobody/restart-sync", "", TOKEN), 404);
        assertError(host.get("/api/admin/accounts/" + DAVE.value() + "/restart-sync", TOKEN), 405);
        // account ids are URL-decoded path segments
        assertThat(host.postJson("/api/admin/accounts/imap%2Ddave/restart-sync", "", TOKEN).statusCode()).isEqualTo(202);
    }

    @Test
    void deadLettersAreListedAndRequeued() throws Exception {
        host.imap.addUser("frank", "frank-pw");
        try (ImapTestClient client = host.imap.client("frank", "frank-pw")) {
            client.appendAll("INBOX", List.of(TestMail.message(1), TestMail.message(2)), new Flags());
        }
        AccountId frank = AccountId.of("imap-frank");
        register(frank, "frank", "frank-pw", HostFixture.POISONED_USER);
        assertThat(host.postJson("/api/email/sync-to-database", "{\"userId\":\"" + HostFixture.POISONED_USER + "\"}",
                null).statusCode()).isEqualTo(202);

        List<Long> jobIds = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> list = host.get("/api/admin/dead-letters?limit=1000", TOKEN);
            assertThat(list.statusCode()).isEqualTo(200);
            jobIds.clear();
            for (JsonNode d : JSON.readTree(list.body()).get("deadLetters")) {
                if (d.get("accountId").asText().equals(frank.value())) {
                    assertThat(d.get("lastError").asText()).contains("this processor always fails");
                    jobIds.add(d.get("jobId").asLong());
                }
            }
            assertThat(jobIds).hasSize(2);
        });

        HttpResponse<String> requeue = host.postJson("/api/admin/dead-letters/requeue",
                "{\"jobIds\":" + jobIds + "}", TOKEN);
        assertThat(requeue.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(requeue.body()).get("requeued").asInt()).isEqualTo(2);
        assertThat(host.postJson("/api/admin/dead-letters/requeue", "{\"jobIds\":[987654321]}", TOKEN).body())
                .isEqualTo("{\"requeued\":0}");
        assertThat(host.metric("mailsync_processing_messages_total", "processor=\"always-failing\"",
                "outcome=\"failure\"")).isGreaterThanOrEqualTo(2);

        assertError(host.postJson("/api/admin/dead-letters/requeue", "{\"jobIds\":[]}", TOKEN), 400);
        assertError(host.postJson("/api/admin/dead-letters/requeue", "{\"jobIds\":[\"a\"]}", TOKEN), 400);
        assertError(host.get("/api/admin/dead-letters?limit=0", TOKEN), 400);
    }

    private static void assertError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).startsWith("{\"error\":\"");
    }
}
