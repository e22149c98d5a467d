package io.mailsync.ai.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.AiRequest;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AiClient} for any OpenAI-compatible chat-completions server, through LangChain4j's
 * {@link OpenAiChatModel}. Build with {@link #builder()}:
 *
 * <pre>{@code
 * AiClient ai = LangChain4jAiClient.builder()
 *         .baseUrl("http://localhost:8000/v1")   // vLLM, llama.cpp, LocalAI, Ollama /v1, OpenAI
 *         .modelName("qwen2.5-7b-instruct")
 *         .apiKey(System.getenv("AI_API_KEY"))
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>Failures become {@link AiClientException}s: a timeout is {@code TIMEOUT}, a 5xx or a dropped connection
 * {@code SERVER_ERROR}, a 429 {@code RATE_LIMITED}, another 4xx {@code REFUSED}, and an answer that cannot be read
 * (not JSON, no text) {@code INVALID_ANSWER}. The client never retries (the processing pipeline does). Immutable and
 * thread-safe; the API key is never logged nor shown by {@link #toString()}.
 */
public final class LangChain4jAiClient implements AiClient {

    private final ChatModel model;
    private final String baseUrl;
    private final String modelName;
    private final Duration timeout;

    private LangChain4jAiClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.modelName = b.modelName;
        this.timeout = b.timeout;
        OpenAiChatModel.OpenAiChatModelBuilder openAi = OpenAiChatModel.builder()
                .baseUrl(b.baseUrl)
                .apiKey(b.apiKey)
                .modelName(b.modelName)
                .timeout(b.timeout)
                .maxRetries(0);
        if (b.temperature != null) {
            openAi.temperature(b.temperature);
        }
        this.model = openAi.build();
    }

    /** A builder; base URL and model name are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String chat(AiRequest request) {
        Objects.requireNonNull(request, "request");
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>(2);
        if (!request.systemPrompt().isBlank()) {
            messages.add(SystemMessage.from(request.systemPrompt()));
        }
        messages.add(UserMessage.from(request.userPrompt()));
        ChatResponse response;
        try {
            response = model.chat(messages);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        AiMessage answer = response == null ? null : response.aiMessage();
        String text = answer == null ? null : answer.text();
        if (text == null || text.isBlank()) {
            throw new AiClientException(AiClientException.Kind.INVALID_ANSWER,
                    "the AI server at " + baseUrl + " answered no text", null, null);
        }
        return text;
    }

    /** The failure as an {@link AiClientException}, keeping the server's words. */
    AiClientException translate(RuntimeException e) {
        AiClientException.Kind kind = kindOf(e);
        String what = switch (kind) {
            case TIMEOUT -> "the AI server at " + baseUrl + " did not answer within " + timeout;
            case SERVER_ERROR -> "the AI server at " + baseUrl + " failed";
            case RATE_LIMITED -> "the AI server at " + baseUrl + " throttled the call";
            case REFUSED -> "the AI server at " + baseUrl + " refused the request (model " + modelName + ")";
            case INVALID_ANSWER -> "the AI server at " + baseUrl + " answered something unreadable";
        };
        return new AiClientException(kind, what, e.getMessage(), e);
    }

    private static AiClientException.Kind kindOf(RuntimeException e) {
        if (e instanceof TimeoutException || hasCause(e, java.net.http.HttpTimeoutException.class)
                || hasCause(e, java.net.SocketTimeoutException.class)) {
            return AiClientException.Kind.TIMEOUT;
        }
        if (e instanceof RateLimitException) {
            return AiClientException.Kind.RATE_LIMITED;
        }
        if (e instanceof InternalServerException) {
            return AiClientException.Kind.SERVER_ERROR;
        }
        if (e instanceof AuthenticationException || e instanceof ModelNotFoundException
                || e instanceof InvalidRequestException) {
            return AiClientException.Kind.REFUSED;
        }
        HttpException http = causeOf(e, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            return status == 429 ? AiClientException.Kind.RATE_LIMITED
                    : status >= 500 ? AiClientException.Kind.SERVER_ERROR : AiClientException.Kind.REFUSED;
        }
        if (hasCause(e, IOException.class) && !isParseFailure(e)) {
            return AiClientException.Kind.SERVER_ERROR; // connection refused or reset
        }
        return AiClientException.Kind.INVALID_ANSWER;
    }

    /** A JSON parser's exception anywhere in the chain (LangChain4j reads answers with Jackson). */
    private static boolean isParseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return causeOf(e, type) != null;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The server and model, without the API key. */
    @Override
    public String toString() {
        return "LangChain4jAiClient[baseUrl=" + baseUrl + ", model=" + modelName + ", timeout=" + timeout
                + ", apiKey=***]";
    }

    /** Builds a {@link LangChain4jAiClient}; {@link #build()} names the invalid field. Not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private String modelName;
        private String apiKey = "not-needed";
        private Duration timeout = Duration.ofSeconds(30);
        private Double temperature;

        private Builder() {
        }

        /** The server's OpenAI API root, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:8000/v1}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** The model, as the server names it. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** The API key, sent as a bearer token; default a placeholder for local servers that need none. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How long one call may take; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The sampling temperature, 0..2; default the server's. */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** The client; throws {@link IllegalArgumentException} naming the first invalid field. */
        public LangChain4jAiClient build() {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("baseUrl must be set, e.g. http://localhost:8000/v1");
            }
            try {
                URI uri = URI.create(baseUrl);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("baseUrl must be an http(s) URL, was " + baseUrl);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL, was " + baseUrl, e);
            }
            if (modelName == null || modelName.isBlank()) {
                throw new IllegalArgumentException("modelName must be set");
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank (any placeholder for servers without keys)");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
            }
            if (temperature != null && (temperature < 0 || temperature > 2)) {
                throw new IllegalArgumentException("temperature must be in 0..2, was " + temperature);
            }
            return new LangChain4jAiClient(this);
        }
    }
}
