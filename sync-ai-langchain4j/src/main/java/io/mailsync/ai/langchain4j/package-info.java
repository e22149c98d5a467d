/**
 * An {@link io.mailsync.core.spi.AiClient} on LangChain4j's OpenAI chat model: {@link
 * io.mailsync.ai.langchain4j.LangChain4jAiClient} talks to any OpenAI-compatible chat-completions server (OpenAI,
 * Azure OpenAI's compatible endpoint, vLLM, llama.cpp server, LocalAI, Ollama's {@code /v1}) by base URL and model.
 */
package io.mailsync.ai.langchain4j;
