package io.mailsync.testkit.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mailsync.testkit.LoopbackHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GraphFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private GraphFake fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private record Answer(int status, HttpResponse<String> raw, JsonNode json) {
    }

    private Answer get(String url, String token, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r, r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private Answer send(String method, String url, String token, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r, r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private static List<FakeMessage> addMessages(FakeMailbox box, int n) {
        List<FakeMessage> added = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            added.add(box.add("inbox", FakeMessage.builder().subject("m" + i).receivedDateTime(t.plusSeconds(i))
                    .from("Ada", "ada@example.org").to("bob@example.org").build()));
        }
        return added;
    }

    @Test
    void firstDeltaRoundPagesWithAbsoluteNextLinksUntilADeltaLink() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        addMessages(fake.mailbox("bob"), 7);

        String url = fake.baseUrl() + "/me/mailFolders/inbox/messages/delta";
        List<String> ids = new ArrayList<>();
        int pages = 0;
        String deltaLink = null;
        while (url != null) {
            Answer a = get(url, token, "Prefer", "odata.maxpagesize=3");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.raw().headers().firstValue("Preference-Applied")).contains("odata.maxpagesize=3");
            a.json().get("value").forEach(m -> ids.add(m.get("id").asText()));
            pages++;
            url = a.json().path("@odata.nextLink").textValue();
            deltaLink = a.json().path("@odata.deltaLink").textValue();
            if (url != null) {
                assertThat(url).startsWith(fake.baseUrl() + "/me/mailFolders/").contains("$skiptoken=");
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(7).doesNotHaveDuplicates();
        assertThat(deltaLink).startsWith(fake.baseUrl()).contains("/messages/delta?$deltatoken=");
    }

    @Test
    void deltaLinkReturnsChangesAndRemovalsAndCanBeReplayed() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        FakeMailbox box = fake.mailbox("bob");
        List<FakeMessage> msgs = addMessages(box, 3);
        String deltaLink = get(fake.baseUrl() + "/me/mailFolders/inbox/messages/delta", token).json()
                .get("@odata.deltaLink").asText();

        FakeMessage fresh = box.add("inbox", FakeMessage.builder().subject("new").build());
        box.markRead(msgs.get(0).id(), true);
        box.delete(msgs.get(1).id());
        box.move(msgs.get(2).id(), "archive");

        for (int replay = 0; replay < 2; replay++) {
            JsonNode page = get(deltaLink, token).json();
            List<String> upserts = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            page.get("value").forEach(m -> (m.has("@removed") ? removed : upserts).add(m.get("id").asText()));
            assertThat(upserts).containsExactlyInAnyOrder(fresh.id(), msgs.get(0).id());
            assertThat(removed).containsExactlyInAnyOrder(msgs.get(1).id(), msgs.get(2).id());
            assertThat(page.get("@odata.deltaLink").asText()).startsWith(fake.baseUrl());
        }
        JsonNode read = get(deltaLink, token).json().get("value");
        read.forEach(m -> {
            if (m.get("id").asText().equals(msgs.get(0).id())) {
                assertThat(m.get("isRead").asBoolean()).isTrue();
            }
        });
    }

    @Test
    void selectKeepsOnlyTheSelectedPropertiesAndHeadersOnlyWhenAsked() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        fake.mailbox("bob").add("inbox", FakeMessage.builder().subject("s")
                .headers(List.of(new FakeMessage.Header("X-Test", "1"))).build());
        JsonNode plain = get(fake.baseUrl() + "/me/mailFolders/inbox/messages/delta", token).json().get("value").get(0);
        assertThat(plain.has("internetMessageHeaders")).isFalse();
        assertThat(plain.has("bodyPreview")).isTrue();

        JsonNode selected = get(fake.baseUrl() + "/me/mailFolders/inbox/messages/delta?%24select=subject,internetMessageHeaders",
                token).json().get("value").get(0);
        assertThat(selected.has("subject")).isTrue();
        assertThat(selected.has("bodyPreview")).isFalse();
        assertThat(selected.get("internetMessageHeaders").get(0).get("name").asText()).isEqualTo("X-Test");
    }

    @Test
    void mailboxWideMessagesDeltaAnswersTheServiceError() throws Exception {
        fake = GraphFake.start();
        Answer a = get(fake.baseUrl() + "/me/messages/delta", fake.issueToken("bob"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().at("/error/message").asText())
                .contains("Change tracking is not supported against 'microsoft.graph.message'");
    }

    @Test
    void expiredDeltaTokensAnswer410SyncStateNotFoundWithAFreshLocation() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        addMessages(fake.mailbox("bob"), 2);
        String deltaLink = get(fake.baseUrl() + "/me/mailFolders/inbox/messages/delta", token).json()
                .get("@odata.deltaLink").asText();
        fake.expireDeltaTokens();
        Answer a = get(deltaLink, token);
        assertThat(a.status()).isEqualTo(410);
        assertThat(a.json().at("/error/code").asText()).isEqualTo("syncStateNotFound");
        assertThat(a.raw().headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).startsWith(fake.baseUrl()).endsWith("/messages/delta"));
    }

    @Test
    void moreThanFourConcurrentRequestsOfOneMailboxAreThrottled() throws Exception {
        fake = GraphFake.builder().latency(Duration.ofMillis(300)).start();
        String token = fake.issueToken("bob");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> get(fake.baseUrl() + "/me/mailFolders", token)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : all) {
                answers.add(f.get());
            }
            List<Answer> throttled = answers.stream().filter(a -> a.status() == 429).toList();
            assertThat(throttled).hasSize(4);
            assertThat(throttled.get(0).raw().headers().firstValue("Retry-After")).contains("1");
            assertThat(throttled.get(0).json().at("/error/message").asText()).contains("MailboxConcurrency");
        }
        assertThat(fake.peakConcurrency("bob")).isEqualTo(4);
        assertThat(fake.concurrencyRejections("bob")).isEqualTo(4);
    }

    @Test
    void requestBudgetAnswers429WithRetryAfterUntilTheWindowEnds() throws Exception {
        fake = GraphFake.builder().requestBudget(3, Duration.ofSeconds(30)).start();
        String token = fake.issueToken("bob");
        for (int i = 0; i < 3; i++) {
            assertThat(get(fake.baseUrl() + "/me/mailFolders", token).status()).isEqualTo(200);
        }
        Answer a = get(fake.baseUrl() + "/me/mailFolders", token);
        assertThat(a.status()).isEqualTo(429);
        assertThat(Integer.parseInt(a.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 30);
    }

    @Test
    void tokensAreCheckedForTheMailboxTheyOpen() throws Exception {
        fake = GraphFake.start();
        String bob = fake.issueToken("bob");
        fake.mailbox("carol");
        String app = fake.issueAppToken();
        assertThat(get(fake.baseUrl() + "/me/mailFolders", "forged").status()).isEqualTo(401);
        assertThat(get(fake.baseUrl() + "/users/carol/mailFolders", bob).status()).isEqualTo(403);
        assertThat(get(fake.baseUrl() + "/me/mailFolders", app).status()).isEqualTo(400);
        assertThat(get(fake.baseUrl() + "/users/carol/mailFolders/delta", app).status()).isEqualTo(200);
        fake.revokeToken(bob);
        assertThat(get(fake.baseUrl() + "/me/mailFolders", bob).status()).isEqualTo(401);
    }

    @Test
    void injectedFaultsAnswerTheGivenStatusTheGivenNumberOfTimes() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        fake.injectFault(FakeFault.unavailable("/messages/delta", Duration.ofSeconds(2), 2));
        String url = fake.baseUrl() + "/me/mailFolders/inbox/messages/delta";
        assertThat(get(url, token).raw().headers().firstValue("Retry-After")).contains("2");
        assertThat(get(url, token).status()).isEqualTo(503);
        assertThat(get(url, token).status()).isEqualTo(200);
        assertThat(get(fake.baseUrl() + "/me/mailFolders", token).status()).isEqualTo(200);
    }

    @Test
    void batchServesUpToTwentyRequestsAndRefusesMore() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        StringBuilder reqs = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            reqs.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"method\":\"GET\",\"url\":\"/me/mailFolders/")
                    .append(i % 2 == 0 ? "inbox" : "sentitems").append("\"}");
        }
        Answer tooMany = send("POST", fake.baseUrl() + "/$batch", token, "{\"requests\":[" + reqs + "]}");
        assertThat(tooMany.status()).isEqualTo(400);
        String two = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me/mailFolders/inbox\"},"
                + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/me/mailFolders/nosuch\"}]}";
        Answer ok = send("POST", fake.baseUrl() + "/$batch", token, two);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().at("/responses/0/status").asInt()).isEqualTo(200);
        assertThat(ok.json().at("/responses/0/body/displayName").asText()).isEqualTo("Inbox");
        assertThat(ok.json().at("/responses/1/status").asInt()).isEqualTo(404);
    }

    @Test
    void subscriptionsValidateTheEndpointAndNotifyWithTheClientState() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
        HttpServer endpoint = LoopbackHttp.create(0);
        endpoint.createContext("/hook", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            byte[] out;
            int status;
            if (q != null && q.startsWith("validationToken=")) {
                out = URLDecoder.decode(q.substring(16), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                status = 200;
            } else {
                received.add(JSON.readTree(ex.getRequestBody()));
                out = new byte[0];
                status = 202;
            }
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        endpoint.createContext("/wrong", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("no".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        endpoint.start();
        try {
            String hook = "http://127.0.0.1:" + endpoint.getAddress().getPort();
            String expiry = Instant.now().plus(Duration.ofDays(2)).toString();
            Answer bad = send("POST", fake.baseUrl() + "/subscriptions", token, "{\"changeType\":\"created\","
                    + "\"notificationUrl\":\"" + hook + "/wrong\",\"resource\":\"/me/mailFolders('inbox')/messages\","
                    + "\"expirationDateTime\":\"" + expiry + "\",\"clientState\":\"s3cret\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().at("/error/code").asText()).isEqualTo("ValidationError");

            Answer tooLong = send("POST", fake.baseUrl() + "/subscriptions", token, "{\"changeType\":\"created\","
                    + "\"notificationUrl\":\"" + hook + "/hook\",\"resource\":\"/me/messages\",\"expirationDateTime\":\""
                    + Instant.now().plus(Duration.ofDays(8)) + "\"}");
            assertThat(tooLong.status()).isEqualTo(400);

            Answer created = send("POST", fake.baseUrl() + "/subscriptions", token, "{\"changeType\":\"created,updated,deleted\","
                    + "\"notificationUrl\":\"" + hook + "/hook\",\"resource\":\"/me/mailFolders('inbox')/messages\","
                    + "\"expirationDateTime\":\"" + expiry + "\",\"clientState\":\"s3cret\"}");
            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(fake.subscriptions()).singleElement().satisfies(s -> assertThat(s.toString()).doesNotContain("s3cret"));

            FakeMessage m = fake.mailbox("bob").add("inbox", FakeMessage.builder().build());
            fake.mailbox("bob").add("archive", FakeMessage.builder().build()); // not watched
            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
            JsonNode n = received.peek().get("value").get(0);
            assertThat(n.get("subscriptionId").asText()).isEqualTo(id);
            assertThat(n.get("clientState").asText()).isEqualTo("s3cret");
            assertThat(n.get("changeType").asText()).isEqualTo("created");
            assertThat(n.at("/resourceData/id").asText()).isEqualTo(m.id());

            Answer renewed = send("PATCH", fake.baseUrl() + "/subscriptions/" + id, token,
                    "{\"expirationDateTime\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"}");
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(send("DELETE", fake.baseUrl() + "/subscriptions/" + id, token, null).status()).isEqualTo(204);
            assertThat(send("PATCH", fake.baseUrl() + "/subscriptions/" + id, token,
                    "{\"expirationDateTime\":\"" + expiry + "\"}").status()).isEqualTo(404);
            Thread.sleep(200);
            assertThat(received).hasSize(1);
        } finally {
            endpoint.stop(0);
        }
    }

    @Test
    void folderDeltaListsTheFoldersAndThenOnlyNewOnes() throws Exception {
        fake = GraphFake.start();
        String token = fake.issueToken("bob");
        JsonNode first = get(fake.baseUrl() + "/me/mailFolders/delta", token).json();
        assertThat(first.get("value")).hasSize(6);
        String id = fake.mailbox("bob").addFolder("Projects");
        JsonNode next = get(first.get("@odata.deltaLink").asText(), token).json();
        assertThat(next.get("value")).singleElement().satisfies(f -> assertThat(f.get("id").asText()).isEqualTo(id));
    }

}
