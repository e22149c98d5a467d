package io.mailsync.testkit.gmail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake's wire behaviour, checked with a plain HTTP client (the official client is exercised in sync-gmail). */
class GmailFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private GmailFake fake = GmailFake.start();
    private final GmailFakeMailbox alice = fake.mailbox("alice@example.com").grantToken("tok-alice");

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.rootUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path, "tok-alice");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void servesProfileAndMessagesWithSixtyFourBitNumbersAsStrings() throws Exception {
        String id = alice.insert(FakeGmailMessage.builder().subject("Hello").text("It's <b>here</b>").build());

        JsonNode profile = getJson("gmail/v1/users/me/profile");
        assertThat(profile.get("historyId").isTextual()).isTrue();
        assertThat(profile.get("messagesTotal").asInt()).isEqualTo(1);

        JsonNode meta = getJson("gmail/v1/users/me/messages/" + id + "?format=metadata&metadataHeaders=Subject");
        assertThat(meta.get("internalDate").isTextual()).isTrue();
        assertThat(meta.get("historyId").isTextual()).isTrue();
        assertThat(meta.get("sizeEstimate").isInt()).isTrue();
        assertThat(meta.get("snippet").asText()).isEqualTo("It&#39;s &lt;b&gt;here&lt;/b&gt;");
        assertThat(meta.at("/payload/headers")).hasSize(1);
        assertThat(meta.at("/payload/headers/0/value").asText()).isEqualTo("Hello");

        JsonNode raw = getJson("gmail/v1/users/me/messages/" + id + "?format=raw");
        String rfc822 = new String(Base64.getUrlDecoder().decode(raw.get("raw").asText()), StandardCharsets.UTF_8);
        assertThat(rfc822).contains("Subject: Hello\r\n");

        JsonNode minimal = getJson("gmail/v1/users/me/messages/" + id + "?format=minimal");
        assertThat(minimal.has("payload")).isFalse();
        assertThat(minimal.get("labelIds")).extracting(JsonNode::asText).containsExactlyInAnyOrder("INBOX", "UNREAD");
    }

    @Test
    void listsNewestFirstInPagesAndHidesSpamAndTrash() throws Exception {
        List<String> ids = alice.insertMany(7);
        alice.addLabels(ids.get(0), "TRASH");

        JsonNode page1 = getJson("gmail/v1/users/me/messages?maxResults=4");
        assertThat(page1.get("messages")).extracting(m -> m.get("id").asText())
                .containsExactly(ids.get(6), ids.get(5), ids.get(4), ids.get(3));
        JsonNode page2 = getJson("gmail/v1/users/me/messages?maxResults=4&pageToken="
                + page1.get("nextPageToken").asText());
        assertThat(page2.get("messages")).extracting(m -> m.get("id").asText())
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(page2.has("nextPageToken")).isFalse();
    }

    @Test
    void historyGrowsAndExpiresWith404() throws Exception {
        long start = alice.historyId();
        String id = alice.insert(FakeGmailMessage.builder().subject("a").build());
        alice.addLabels(id, "STARRED");
        alice.delete(id);

        JsonNode h = getJson("gmail/v1/users/me/history?startHistoryId=" + start);
        assertThat(h.get("history")).hasSize(3);
        assertThat(h.at("/history/0/messagesAdded/0/message/id").asText()).isEqualTo(id);
        assertThat(h.at("/history/1/labelsAdded/0/labelIds/0").asText()).isEqualTo("STARRED");
        assertThat(h.at("/history/1/labelsAdded/0/message/labelIds")).extracting(JsonNode::asText).contains("STARRED");
        assertThat(h.at("/history/2/messagesDeleted/0/message/id").asText()).isEqualTo(id);
        long ids0 = h.at("/history/0/id").asLong();
        long ids2 = h.at("/history/2/id").asLong();
        assertThat(ids2).isGreaterThan(ids0).isLessThanOrEqualTo(h.get("historyId").asLong());

        JsonNode onlyAdded = getJson("gmail/v1/users/me/history?startHistoryId=" + start + "&historyTypes=messageAdded");
        assertThat(onlyAdded.get("history")).hasSize(1);

        alice.expireHistory();
        assertThat(get("gmail/v1/users/me/history?startHistoryId=" + start, "tok-alice").statusCode()).isEqualTo(404);
    }

    @Test
    void rejectsUnknownTokensAndEnforcesTheQuotaWith429() throws Exception {
        assertThat(get("gmail/v1/users/me/profile", "nope").statusCode()).isEqualTo(401);
        assertThat(get("gmail/v1/users/me/profile", null).statusCode()).isEqualTo(401);
        fake.close();
        fake = GmailFake.builder().quota(12, Duration.ofMinutes(1)).build();
        fake.mailbox("bob@example.com").grantToken("tok-bob");
        assertThat(get("gmail/v1/users/me/messages", "tok-bob").statusCode()).isEqualTo(200); // 5
        assertThat(get("gmail/v1/users/me/messages", "tok-bob").statusCode()).isEqualTo(200); // 10
        HttpResponse<String> over = get("gmail/v1/users/me/messages", "tok-bob");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(over.body()).at("/error/errors/0/reason").asText()).isEqualTo("rateLimitExceeded");
        assertThat(get("gmail/v1/users/me/profile", "tok-bob").statusCode()).isEqualTo(200); // 1 unit still fits
        assertThat(fake.quotaRejections()).isEqualTo(1);
    }

    @Test
    void answersBatchPartsInOrderWithEachPartsOwnAuthorization() throws Exception {
        String a = alice.insert(FakeGmailMessage.builder().subject("A").build());
        String b = alice.insert(FakeGmailMessage.builder().subject("B").build());
        String boundary = "__END_OF_PART__test";
        String body = part(boundary, 1, "GET " + fake.rootUrl() + "gmail/v1/users/me/messages/" + b
                + "?format=minimal HTTP/1.1\r\nauthorization: Bearer tok-alice\r\n")
                + part(boundary, 2, "GET " + fake.rootUrl() + "gmail/v1/users/me/messages/" + a
                + "?format=minimal HTTP/1.1\r\nauthorization: Bearer tok-alice\r\n")
                + part(boundary, 3, "GET " + fake.rootUrl() + "gmail/v1/users/me/messages/" + a
                + "?format=minimal HTTP/1.1\r\n")
                + "--" + boundary + "--\r\n";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.rootUrl() + "batch"))
                .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        String responseBoundary = r.headers().firstValue("Content-Type").orElseThrow().split("boundary=")[1];
        String[] parts = r.body().split("--" + responseBoundary);
        assertThat(parts[1]).contains("HTTP/1.1 200 OK").contains("\"id\":\"" + b + "\"");
        assertThat(parts[2]).contains("HTTP/1.1 200 OK").contains("\"id\":\"" + a + "\"");
        assertThat(parts[3]).contains("HTTP/1.1 401");
        assertThat(parts[4]).startsWith("--");
    }

    private static String part(String boundary, int id, String request) {
        return "--" + boundary + "\r\nContent-Length: 0\r\ncontent-id: " + id
                + "\r\ncontent-type: application/http\r\ncontent-transfer-encoding: binary\r\n\r\n" + request + "\r\n\r\n";
    }

    @Test
    void acceptsGzippedChunkedWatchAndPublishesTheJwks() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write("{\"topicName\":\"projects/p/topics/gmail\",\"labelIds\":[\"INBOX\"]}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.rootUrl() + "gmail/v1/users/me/watch"))
                .header("Authorization", "Bearer tok-alice").header("Content-Encoding", "gzip")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(buf.toByteArray())))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode watch = JSON.readTree(r.body());
        assertThat(watch.get("expiration").isTextual()).isTrue();
        assertThat(alice.watchTopic()).contains("projects/p/topics/gmail");

        JsonNode jwks = JSON.readTree(get("oauth2/v3/certs", null).body());
        assertThat(jwks.at("/keys/0/kty").asText()).isEqualTo("RSA");
        assertThat(jwks.at("/keys/0/d").isMissingNode()).isTrue();
    }
}
