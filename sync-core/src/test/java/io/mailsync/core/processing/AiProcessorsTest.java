package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.AiRequest;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mailsync.core.processing.Mails.AI;
import static io.mailsync.core.processing.Mails.OPTIONS;
import static io.mailsync.core.processing.Mails.headers;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AiProcessorsTest {

    private final List<AiRequest> requests = new ArrayList<>();

    private AiClient answering(String answer) {
        return request -> {
            requests.add(request);
            return answer;
        };
    }

    @Test
    void sentimentLabelsAWholeBatchWithOneCall() {
        SentimentProcessor sentiment = new SentimentProcessor(answering("1: positive\n2: Negative.\n3: neutral"));
        List<EmailMessage> batch = List.of(mail("a", "x@y.org").build(), mail("b", "x@y.org").build(),
                mail("c", "x@y.org").build());

        List<ProcessingOutput> out = sentiment.process(new ProcessingBatch(AI, batch));

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).userPrompt()).contains("Message 1", "Message 3", "Subject: Hello b");
        assertThat(requests.get(0).systemPrompt()).contains("positive, neutral, negative");
        assertThat(out).extracting(o -> o.values().get("sentiment")).containsExactly("positive", "negative", "neutral");
    }

    @Test
    void aLabelOutsideTheSetOrAMissingMessageIsAnInvalidAnswer() {
        List<EmailMessage> two = List.of(mail("a", "x@y.org").build(), mail("b", "x@y.org").build());
        assertThatThrownBy(() -> new SentimentProcessor(answering("1: positive\n2: furious"))
                .process(new ProcessingBatch(AI, two)))
                .isInstanceOfSatisfying(AiClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(AiClientException.Kind.INVALID_ANSWER))
                .hasMessageContaining("\"furious\", not one of [positive, neutral, negative]");
        assertThatThrownBy(() -> new SentimentProcessor(answering("1: positive"))
                .process(new ProcessingBatch(AI, two))).hasMessageContaining("labelled 1 of 2 messages");
        assertThatThrownBy(() -> new SentimentProcessor(answering("{\"sentiment\": }"))
                .process(new ProcessingBatch(AI, two.subList(0, 1)))).isInstanceOf(AiClientException.class);
    }

    @Test
    void aLoneMessageMayBeAnsweredWithTheBareLabel() {
        List<ProcessingOutput> out = new SentimentProcessor(answering(" Neutral\n"))
                .process(new ProcessingBatch(AI, List.of(mail("a", "x@y.org").build())));
        assertThat(out).singleElement().satisfies(o -> assertThat(o.values()).containsEntry("sentiment", "neutral"));
    }

    @Test
    void aiProcessorsRunOnlyForAccountsWithAiEnabled() {
        AiClient never = r -> {
            throw new AssertionError("not called");
        };
        assertThat(new SentimentProcessor(never).isEnabledFor(OPTIONS)).isFalse();
        assertThat(new SentimentProcessor(never).isEnabledFor(AI)).isTrue();
        assertThat(new CategoryRefinementProcessor(never).isEnabledFor(OPTIONS)).isFalse();
    }

    @Test
    void categoryRefinementSendsTheRuleGuessAndReportsWhetherTheAiChangedIt() {
        CategoryRefinementProcessor refine = new CategoryRefinementProcessor(answering("1: newsletter\n2: transactional"));
        EmailMessage news = mail("a", "news@x.example").headers(headers("List-Unsubscribe", "<u>")).build();
        EmailMessage receipt = mail("b", "bob@x.example").subject("Your receipt").build();

        List<ProcessingOutput> out = refine.process(new ProcessingBatch(AI, List.of(news, receipt)));

        assertThat(requests.get(0).userPrompt()).contains("Rule-based guess: newsletter", "Rule-based guess: personal");
        assertThat(out.get(0).values()).containsEntry("category", "newsletter").containsEntry("changed", "false");
        assertThat(out.get(1).values()).containsEntry("category", "transactional")
                .containsEntry("ruleCategory", "personal").containsEntry("changed", "true");
        assertThatThrownBy(() -> new CategoryRefinementProcessor(answering("1: spam"))
                .process(new ProcessingBatch(AI, List.of(news)))).isInstanceOf(AiClientException.class);
    }
}
