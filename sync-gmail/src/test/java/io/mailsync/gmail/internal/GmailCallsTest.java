package io.mailsync.gmail.internal;

import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.services.gmail.Gmail;
import io.mailsync.core.AccountId;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.gmail.GmailQuota;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each Gmail call is paced with its documented unit cost; answers and errors are classified (HTTP mocked). */
class GmailCallsTest {

    private static final AccountId ACCOUNT = AccountId.of("alice");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private long now;
    private final QuotaPacer pacer = new QuotaPacer(new GmailQuota(1_000_000, 1_000_000, 5), 0, () -> now,
            nanos -> now += nanos);

    @Test
    void eachCallIsPacedWithItsDocumentedUnitCost() {
        GmailCalls calls = calls(5, 50, url -> json(200, answerFor(url)));

        assertThat(units(() -> calls.profile())).isEqualTo(1);
        assertThat(units(() -> calls.list("", 500, List.of(), false))).isEqualTo(5);
        assertThat(units(() -> calls.history(BigInteger.TEN, null, 500, null))).isEqualTo(2);
        assertThat(units(() -> calls.watch("projects/p/topics/t", List.of("INBOX")))).isEqualTo(100);
        assertThat(units(() -> calls.stop())).isEqualTo(50);
    }

    @Test
    void messagesGetCostsItsConfiguredUnitsPerMessageInsideBatches() {
        GmailCalls documented = calls(5, 50, url -> batchOf(List.of(200, 200, 200)));
        GmailCalls reported = calls(20, 50, url -> batchOf(List.of(200, 200, 200)));

        assertThat(units(() -> documented.getAll(List.of("a", "b", "c")))).isEqualTo(15);
        assertThat(units(() -> reported.getAll(List.of("a", "b", "c")))).isEqualTo(60);
        assertThat(requests).allMatch(r -> r.startsWith("POST http://gmail.test/batch"));
    }

    @Test
    void idsAreSplitIntoBatchesOfTheConfiguredSizeAndALoneIdIsAPlainGet() {
        GmailCalls calls = calls(5, 2, url -> url.contains("/batch") ? batchOf(List.of(200, 404))
                : json(200, "{\"id\":\"c\",\"threadId\":\"c\"}"));

        GmailCalls.Fetched fetched = calls.getAll(List.of("a", "b", "c"));

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("POST http://gmail.test/batch");
        assertThat(requests.get(1)).startsWith("GET http://gmail.test/gmail/v1/users/me/messages/c?format=metadata");
        assertThat(fetched.messages()).containsOnlyKeys("a", "c");
        assertThat(fetched.notFound()).containsExactly("b");
        assertThat(pacer.unitsReserved()).isEqualTo(15);
    }

    @Test
    void aLoneMessageThatIsGoneIsReportedNotFound() {
        GmailCalls calls = calls(5, 50, url -> error(404, "notFound"));
        GmailCalls.Fetched fetched = calls.getAll(List.of("gone"));
        assertThat(fetched.messages()).isEmpty();
        assertThat(fetched.notFound()).containsExactly("gone");
    }

    @Test
    void historyAnswered404MeansTheCursorIsInvalid() {
        GmailCalls calls = calls(5, 50, url -> error(404, "notFound"));
        assertThatThrownBy(() -> calls.history(BigInteger.ONE, null, 500, null))
                .isInstanceOf(SyncStateInvalidException.class).hasMessageContaining("historyId 1");
    }

    private long units(Runnable call) {
        long before = pacer.unitsReserved();
        call.run();
        return pacer.unitsReserved() - before;
    }

    private GmailCalls calls(int getCost, int batchSize, Function<String, MockLowLevelHttpResponse> answer) {
        MockHttpTransport transport = new MockHttpTransport() {
            @Override
            public LowLevelHttpRequest buildRequest(String method, String url) {
                requests.add(method + " " + url);
                return new MockLowLevelHttpRequest(url) {
                    @Override
                    public LowLevelHttpResponse execute() {
                        return answer.apply(url);
                    }
                };
            }
        };
        Gmail gmail = new Gmail.Builder(transport, GsonFactory.getDefaultInstance(), null)
                .setRootUrl("http://gmail.test/").setServicePath("").setApplicationName("test").build();
        return new GmailCalls(gmail, pacer, new GmailQuota(1_000_000, 1_000_000, getCost), ACCOUNT, batchSize,
                "metadata");
    }

    private static String answerFor(String url) {
        if (url.contains("/profile")) {
            return "{\"emailAddress\":\"alice@example.com\",\"historyId\":\"10\",\"messagesTotal\":3}";
        }
        if (url.contains("/messages")) {
            return "{\"messages\":[{\"id\":\"a\",\"threadId\":\"a\"}],\"resultSizeEstimate\":1}";
        }
        if (url.contains("/watch")) {
            return "{\"historyId\":\"12\",\"expiration\":\"1700000000000\"}";
        }
        return "{\"historyId\":\"12\"}";
    }

    private static MockLowLevelHttpResponse json(int status, String body) {
        return new MockLowLevelHttpResponse().setStatusCode(status).setContentType("application/json; charset=UTF-8")
                .setContent(body);
    }

    private static MockLowLevelHttpResponse error(int status, String reason) {
        return json(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + reason + "\",\"errors\":[{\"reason\":\""
                + reason + "\"}]}}");
    }

    /** A Google batch answer: one application/http part per call, in request order. */
    private static MockLowLevelHttpResponse batchOf(List<Integer> statuses) {
        StringBuilder sb = new StringBuilder();
        char id = 'a';
        for (int status : statuses) {
            String body = status == 200 ? "{\"id\":\"" + id + "\",\"threadId\":\"" + id + "\"}"
                    : "{\"error\":{\"code\":" + status + ",\"message\":\"x\",\"errors\":[{\"reason\":\"notFound\"}]}}";
            sb.append("--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 ").append(status).append(" X\r\n")
                    .append("Content-Type: application/json; charset=UTF-8\r\n\r\n").append(body).append("\r\n");
            id++;
        }
        sb.append("--b--\r\n");
        return new MockLowLevelHttpResponse().setStatusCode(200).setContentType("multipart/mixed; boundary=b")
                .setContent(sb.toString());
    }
}
