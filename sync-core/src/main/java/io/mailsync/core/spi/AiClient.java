package io.mailsync.core.spi;

/**
 * A chat-style AI model the AI processors call: a system and a user prompt in, the model's text out. Adapters:
 * {@code io.mailsync.ai.langchain4j.LangChain4jAiClient} (module {@code sync-ai-langchain4j}: any OpenAI-compatible
 * server), or the host's own. Implementations must be thread-safe, apply their own timeout, and not retry: the
 * processing pipeline retries failed messages with backoff and rate-limits processors.
 */
@FunctionalInterface
public interface AiClient {

    /**
     * Sends one request and returns the model's answer.
     *
     * @return the answer text, not blank
     * @throws AiClientException on a timeout, a server error, throttling, a refused request or an unusable answer
     */
    String chat(AiRequest request);
}
