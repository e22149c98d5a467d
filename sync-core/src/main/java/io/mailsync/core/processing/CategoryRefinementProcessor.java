package io.mailsync.core.processing;

import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks an AI to confirm or correct the rule-based category of each message: the prompt carries the
 * {@link CategoryProcessor}'s guess, the answer must be one of the labels ({@link Category} by default). One AI call
 * per batch; an answer outside the labels is an invalid answer (retried, then dead-lettered). Runs only for accounts
 * with {@link SyncOptions#enableAI()}. Output per message: {@code category} (the AI's), {@code ruleCategory} and
 * {@code changed} ({@code true}/{@code false}). Thread-safe when the client is.
 */
public final class CategoryRefinementProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "category-refinement";

    private final AiClient ai;
    private final CategoryProcessor rules;
    private final List<String> labels;

    /** Refines the built-in rules' categories among the {@link Category} labels. */
    public CategoryRefinementProcessor(AiClient ai) {
        this(ai, CategoryProcessor.defaults(), Arrays.stream(Category.values()).map(Category::label).toList());
    }

    /**
     * Refines {@code rules}' categories among {@code labels}.
     *
     * @param labels the allowed answers, lower case; must include every category {@code rules} can give
     */
    public CategoryRefinementProcessor(AiClient ai, CategoryProcessor rules, List<String> labels) {
        this.ai = Objects.requireNonNull(ai, "ai");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.labels = List.copyOf(labels);
        if (this.labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
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
        List<String> guesses = batch.messages().stream()
                .map(m -> rules.classify(m, batch.account()).category()).toList();
        List<String> answers = LabelPrompts.label(ai, "You sort emails into categories. Each message comes with a"
                        + " rule-based guess; keep it when it is right, correct it when it is wrong.", labels,
                batch.messages(), m -> "Rule-based guess: " + guesses.get(batch.messages().indexOf(m)));
        List<ProcessingOutput> outputs = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            outputs.add(new ProcessingOutput(batch.messages().get(i).providerMessageId(), Map.of(
                    "category", answers.get(i), "ruleCategory", guesses.get(i),
                    "changed", Boolean.toString(!answers.get(i).equals(guesses.get(i))))));
        }
        return outputs;
    }
}
