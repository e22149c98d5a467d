package io.mailsync.core.spi;

import java.util.Objects;

/**
 * One chat-style request to an {@link AiClient}.
 *
 * @param systemPrompt the instructions (the "system" message)
 * @param userPrompt   the content to work on (the "user" message); may hold message text, so never log it above DEBUG
 */
public record AiRequest(String systemPrompt, String userPrompt) {

    public AiRequest {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(userPrompt, "userPrompt");
        if (userPrompt.isBlank()) {
            throw new IllegalArgumentException("userPrompt must not be blank");
        }
    }

    /** A summary without the prompts' text, safe for logs. */
    @Override
    public String toString() {
        return "AiRequest[system=" + systemPrompt.length() + " chars, user=" + userPrompt.length() + " chars]";
    }
}
