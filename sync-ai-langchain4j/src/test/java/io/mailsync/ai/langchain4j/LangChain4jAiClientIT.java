package io.mailsync.ai.langchain4j;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.AiRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a local chat-completions stub: answers, and each kind of failure as a typed error. */
class LangChain4jAiClientIT {

    private static final AiRequest REQUEST = new AiRequest("You judge sentiment.", "Message 1\nSubject: Thanks!");

    /** Long enough for a loaded CI machine; only the timeout test uses a short one. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static LangChain4jAiClient client(ChatCompletionsStub stub) {
        return client(stub, TIMEOUT);
    }

    private static LangChain4jAiClient client(ChatCompletionsStub stub, Duration timeout) {
        return LangChain4jAiClient.builder().baseUrl(stub.baseUrl()).modelName("stub-model").apiKey("sk-secret")
                .timeout(Duration.ofMillis(700)).build();
    }

    private static AiClientException failure(Function<String, ChatCompletionsStub.Reply> answer) throws Exception {
        return failure(answer, TIMEOUT);
    }

    private static AiClientException failure(Function<String, ChatCompletionsStub.Reply> answer, Duration timeout)
            throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub(answer)) {
            LangChain4jAiClient client = client(stub, timeout);
            try {
                client.chat(REQUEST);
            } catch (AiClientException e) {
                return e;
            }
            throw new AssertionError("no failure");
        }
    }

    @Test
    void sendsTheSystemAndUserPromptsToTheModelAndReturnsItsAnswer() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub(b -> ChatCompletionsStub.Reply.content("1: positive"))) {
            assertThat(client(stub).chat(REQUEST)).isEqualTo("1: positive");
            assertThat(stub.requests).singleElement().satisfies(body -> assertThat(body)
                    .contains("\"model\"", "stub-model", "\"system\"", "You judge sentiment.", "\"user\"",
                            "Subject: Thanks!"));
        }
    }

    @Test
    void aSlowServerIsATimeout() throws Exception {
        AiClientException e = failure(b -> ChatCompletionsStub.Reply.slow(3_000), Duration.ofMillis(700));
        assertThat(e.kind()).isEqualTo(AiClientException.Kind.TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.getMessage()).contains("did not answer within PT0.7S");
    }

    @Test
    void a500IsAServerErrorKeepingTheServersWords() throws Exception {
        AiClientException e = failure(b -> ChatCompletionsStub.Reply.status(500,
                "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"));
        assertThat(e.kind()).isEqualTo(AiClientException.Kind.SERVER_ERROR);
        assertThat(e.providerError()).hasValueSatisfying(s -> assertThat(s).contains("model overloaded"));
    }

    @Test
    void a429IsRateLimitedAnd401IsRefused() throws Exception {
        assertThat(failure(b -> ChatCompletionsStub.Reply.status(429, "{\"error\":{\"message\":\"slow down\"}}"))
                .kind()).isEqualTo(AiClientException.Kind.RATE_LIMITED);
        assertThat(failure(b -> ChatCompletionsStub.Reply.status(401, "{\"error\":{\"message\":\"bad key\"}}"))
                .kind()).isEqualTo(AiClientException.Kind.REFUSED);
    }

    @Test
    void invalidJsonOrAnEmptyAnswerIsAnInvalidAnswer() throws Exception {
        assertThat(failure(b -> ChatCompletionsStub.Reply.status(200, "{\"choices\": [ {\"message\": ")).kind())
                .isEqualTo(AiClientException.Kind.INVALID_ANSWER);
        assertThat(failure(b -> ChatCompletionsStub.Reply.content("   ")).kind())
                .isEqualTo(AiClientException.Kind.INVALID_ANSWER);
    }

    @Test
    void theApiKeyIsRedactedAndTheBuilderNamesTheBadField() throws Exception {
        try (ChatCompletionsStub stub = new ChatCompletionsStub(b -> ChatCompletionsStub.Reply.content("x"))) {
            assertThat(client(stub).toString()).doesNotContain("sk-secret").contains("apiKey=***", "stub-model");
        }
        assertThatThrownBy(() -> LangChain4jAiClient.builder().modelName("m").build()).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> LangChain4jAiClient.builder().baseUrl("ftp://x").modelName("m").build())
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> LangChain4jAiClient.builder().baseUrl("http://127.0.0.1:1/v1").build())
                .hasMessageContaining("modelName");
        assertThatThrownBy(() -> LangChain4jAiClient.builder().baseUrl("http://127.0.0.1:1/v1").modelName("m")
                .timeout(Duration.ZERO).build()).hasMessageContaining("timeout");
    }
}
