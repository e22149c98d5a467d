package io.mailsync.core.processing;

import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sentiment of each message — {@code positive}, {@code neutral} or {@code negative} — from one AI call per batch.
 * An answer outside these labels (or missing a message) fails the batch with
 * {@link io.mailsync.core.spi.AiClientException.Kind#INVALID_ANSWER}; the pipeline then retries the messages one by
 * one and dead-letters those that keep failing. Runs only for accounts with {@link SyncOptions#enableAI()}. Output
 * per message: {@code sentiment}. Thread-safe when the client is.
 */
public final class SentimentProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "sentiment";
    /** The labels. */
    public static final List<String> LABELS = List.of("positive", "neutral", "negative");

    private final AiClient ai;

    /** A processor asking {@code ai}. */
    public SentimentProcessor(AiClient ai) {
        this.ai = Objects.requireNonNull(ai, "ai");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isEnabledFor(SyncOptions options) {
        return options.enableAI();
    }

    @Override
    public List<ProcessingOutput> process(ProcessingBatch batch) {
        List<String> labels = LabelPrompts.label(ai, "You judge the sentiment of emails.", LABELS, batch.messages(),
                m -> "");
        List<ProcessingOutput> outputs = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            outputs.add(ProcessingOutput.of(batch.messages().get(i).providerMessageId(), "sentiment", labels.get(i)));
        }
        return outputs;
    }
}
