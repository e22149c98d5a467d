package io.mailsync.ai.langchain4j;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryContactStore;
import io.mailsync.core.memory.InMemoryDraftStore;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.processing.DraftReplyProcessor;
import io.mailsync.core.processing.SentimentProcessor;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.testkit.ScriptedMailProvider;
import io.mailsync.testkit.ScriptedMailbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AI processors end to end: MailSync over the scripted provider and the in-memory store, the built-in processors
 * and LangChain4jAiClient against a local chat-completions stub that misbehaves for some messages. Messages whose AI
 * call keeps timing out, failing with 500, answering broken JSON or a label outside the set are dead-lettered with a
 * clear error; a message whose call fails once is retried and succeeds; every other message is processed normally.
 */
class AiProcessingPipelineIT {

    private static final AccountId ACCOUNT = AccountId.of("alice");
    private static final Pattern NUMBERED = Pattern.compile("Message (\\d+)\\\\n");

    private final Set<String> flakyFailedOnce = ConcurrentHashMap.newKeySet();

    private ChatCompletionsStub.Reply answer(String body) {
        if (body.contains("draft a short")) {
            return ChatCompletionsStub.Reply.content("Thank you, I will come back to you shortly.");
        }
        if (body.contains("POISON-500")) {
            return ChatCompletionsStub.Reply.status(500, "{\"error\":{\"message\":\"upstream model crashed\"}}");
        }
        if (body.contains("POISON-TIMEOUT")) {
            return ChatCompletionsStub.Reply.slow(2_000);
        }
        if (body.contains("POISON-JSON")) {
            return ChatCompletionsStub.Reply.status(200, "{\"choices\":[{\"message\":{\"content\":\"1: pos");
        }
        if (body.contains("FLAKY") && flakyFailedOnce.add("flaky")) {
            return ChatCompletionsStub.Reply.status(503, "{\"error\":{\"message\":\"warming up\"}}");
        }
        String label = body.contains("POISON-LABEL") ? "furious" : "positive";
        Matcher m = NUMBERED.matcher(body);
        List<String> lines = new ArrayList<>();
        while (m.find()) {
            lines.add(m.group(1) + ": " + label);
        }
        return ChatCompletionsStub.Reply.content(String.join("\n", lines));
    }

    @Test
    void badAiAnswersAreRetriedThenDeadLetteredWithoutAffectingOtherMessages() throws Exception {
        InMemoryMailStore store = new InMemoryMailStore();
        InMemoryContactStore contacts = new InMemoryContactStore();
        InMemoryDraftStore drafts = new InMemoryDraftStore();
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        ScriptedMailbox mailbox = provider.mailbox(ACCOUNT);
        List<EmailMessage> good = mailbox.deliverMany("INBOX", 20);
        Map<String, String> poisoned = Map.of(
                mailbox.deliver("INBOX", b -> b.subject("POISON-500")).providerMessageId(), "failed",
                mailbox.deliver("INBOX", b -> b.subject("POISON-TIMEOUT")).providerMessageId(), "did not answer within",
                mailbox.deliver("INBOX", b -> b.subject("POISON-JSON")).providerMessageId(), "unreadable",
                mailbox.deliver("INBOX", b -> b.subject("POISON-LABEL")).providerMessageId(), "not one of");
        String flaky = mailbox.deliver("INBOX", b -> b.subject("FLAKY")).providerMessageId();

        try (ChatCompletionsStub stub = new ChatCompletionsStub(this::answer);
             MailSync mailSync = MailSync.builder()
                     .store(store)
                     .provider(provider)
                     .processor(new ContactsProcessor(contacts))
                     .processor(CategoryProcessor.defaults())
                     .processor(new SentimentProcessor(LangChain4jAiClient.builder().baseUrl(stub.baseUrl())
                             .modelName("stub-model").timeout(Duration.ofMillis(400)).build()))
                     .processor(DraftReplyProcessor.builder(LangChain4jAiClient.builder().baseUrl(stub.baseUrl())
                             .modelName("stub-model").build(), drafts).build())
                     .processing(ProcessingOptions.builder().batchSize(5).maxAttempts(3)
                             .retryDelay(Duration.ofMillis(20), Duration.ofMillis(50))
                             .pollInterval(Duration.ofMillis(20)).build())
                     .shutdownTimeout(Duration.ofSeconds(5))
                     .build()) {
            mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("u")
                    .email("owner@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH)
                    .enableAI(true).enableDraftPreparation(true).build());

            await().atMost(Duration.ofSeconds(40)).until(() -> mailSync.deadLetters(10).size() == 4
                    && mailSync.getSyncStatus(ACCOUNT).queueDepth() == 0);

            Map<String, DeadLetter> dead = mailSync.deadLetters(10).stream()
                    .collect(Collectors.toMap(d -> d.job().providerMessageId(), d -> d));
            assertThat(dead.keySet()).isEqualTo(poisoned.keySet());
            poisoned.forEach((id, words) -> assertThat(dead.get(id).lastError())
                    .startsWith("sentiment: ").contains(words));
            assertThat(dead.values()).allSatisfy(d -> assertThat(d.job().attempts()).isEqualTo(3));

            for (EmailMessage m : good) {
                assertThat(values(mailSync, m.providerMessageId(), "sentiment"))
                        .hasValueSatisfying(v -> assertThat(v).containsEntry("sentiment", "positive"));
                assertThat(values(mailSync, m.providerMessageId(), "draft-reply"))
                        .hasValueSatisfying(v -> assertThat(v).containsEntry("draft", "prepared"));
            }
            assertThat(values(mailSync, flaky, "sentiment"))
                    .hasValueSatisfying(v -> assertThat(v).containsEntry("sentiment", "positive"));
            for (String id : poisoned.keySet()) { // the rule-based processors still did their part
                assertThat(values(mailSync, id, "category")).isPresent();
                assertThat(values(mailSync, id, "sentiment")).isEmpty();
            }
            assertThat(drafts.drafts(ACCOUNT, Instant.now())).hasSize(21);
            assertThat(contacts.contacts(ACCOUNT, 100)).hasSize(25); // one distinct sender per message
        }
    }

    private static Optional<Map<String, String>> values(MailSync mailSync, String id, String processor) {
        return mailSync.processingResults(ACCOUNT, id).stream().filter(r -> r.processor().equals(processor))
                .map(ProcessingResult::values).findFirst();
    }
}
