package io.mailsync.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a processor concluded about one message of its batch.
 *
 * @param providerMessageId the message
 * @param values            the outputs by name ({@code "category" -> "newsletter"}); may be empty
 */
public record ProcessingOutput(String providerMessageId, Map<String, String> values) {

    public ProcessingOutput {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        values = Map.copyOf(values);
    }

    /** An output of one value. */
    public static ProcessingOutput of(String providerMessageId, String name, String value) {
        return new ProcessingOutput(providerMessageId, Map.of(name, value));
    }
}
