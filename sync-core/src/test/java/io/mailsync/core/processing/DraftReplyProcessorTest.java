package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.memory.InMemoryDraftStore;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.Draft;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mailsync.core.processing.Mails.ACCOUNT;
import static io.mailsync.core.processing.Mails.AI;
import static io.mailsync.core.processing.Mails.AI_AND_DRAFTS;
import static io.mailsync.core.processing.Mails.OWN;
import static io.mailsync.core.processing.Mails.headers;
import static io.mailsync.core.processing.Mails.mail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DraftReplyProcessorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemoryDraftStore drafts = new InMemoryDraftStore();
    private final AtomicInteger calls = new AtomicInteger();
    private final AiClient ai = r -> "Thanks, I'll get back to you. (" + calls.incrementAndGet() + ")";
    private final DraftReplyProcessor processor = DraftReplyProcessor.builder(ai, drafts).clock(clock).build();

    private ProcessingOutput run(EmailMessage m) {
        return processor.process(new ProcessingBatch(AI_AND_DRAFTS, List.of(m))).get(0);
    }

    @Test
    void preparesADraftPerThreadThatExpiresAfterSevenDays() {
        EmailMessage m = mail("1", "bob@example.org").threadId("t1").build();

        ProcessingOutput out = run(m);

        assertThat(out.values()).containsEntry("draft", "prepared").containsEntry("threadId", "t1")
                .containsEntry("expiresAt", "2026-03-08T12:00:00Z");
        Draft d = drafts.find(ACCOUNT, "t1").orElseThrow();
        assertThat(d.body()).isEqualTo("Thanks, I'll get back to you. (1)");
        assertThat(d.providerMessageId()).isEqualTo("1");
        assertThat(d.expiresAt()).isEqualTo(d.createdAt().plus(Duration.ofDays(7)));
    }

    @Test
    void reusesTheDraftWhileTheThreadIsUnchangedAndRegeneratesWhenItChanged() {
        EmailMessage first = mail("1", "bob@example.org").threadId("t").internetMessageId("a@x").build();
        EmailMessage copy = mail("1-copy", "bob@example.org").threadId("t").internetMessageId("a@x").build();
        EmailMessage reply = mail("2", "bob@example.org").threadId("t").internetMessageId("b@x")
                .inReplyTo("a@x").references(List.of("a@x")).build();

        run(first);
        assertThat(run(copy).values()).containsEntry("draft", "reused"); // same thread, same messages
        assertThat(calls).hasValue(1);
        assertThat(run(reply).values()).containsEntry("draft", "prepared");
        assertThat(calls).hasValue(2);
        assertThat(drafts.find(ACCOUNT, "t").orElseThrow().providerMessageId()).isEqualTo("2");
    }

    @Test
    void anExpiredDraftIsPreparedAnewAndTheCleanerDeletesExpiredOnes() {
        EmailMessage m = mail("1", "bob@example.org").threadId("t").build();
        run(m);
        clock.advance(Duration.ofDays(7));
        assertThat(drafts.drafts(ACCOUNT, clock.instant())).isEmpty();
        assertThat(run(mail("1b", "bob@example.org").threadId("t").internetMessageId("1@mail.test").build())
                .values()).containsEntry("draft", "prepared");

        clock.advance(Duration.ofDays(8));
        try (DraftCleaner cleaner = DraftCleaner.manual(drafts, clock)) {
            assertThat(cleaner.cleanNow()).isEqualTo(1);
        }
        assertThat(drafts.find(ACCOUNT, "t")).isEmpty();
    }

    @Test
    void aScheduledCleanerDeletesOnItsTimerUntilClosed() {
        drafts.save(new Draft(ACCOUNT, "m", "t", "x", clock.instant().minusSeconds(10), clock.instant(), "f"));
        try (DraftCleaner cleaner = DraftCleaner.start(drafts, clock, Duration.ofSeconds(1))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> drafts.find(ACCOUNT, "t").isEmpty());
        }
        assertThatThrownBy(() -> DraftCleaner.start(drafts, clock, Duration.ofMillis(10)))
                .hasMessageContaining("interval");
    }

    @Test
    void skipsOwnListAndAutomatedMailAndRunsOnlyWithDraftPreparationEnabled() {
        assertThat(run(mail("1", OWN).build()).values()).containsEntry("draft", "skipped");
        assertThat(run(mail("2", "news@x.example").headers(headers("List-Id", "<l>")).build()).values())
                .containsEntry("draft", "skipped");
        assertThat(run(mail("3", "noreply@x.example").build()).values()).containsEntry("draft", "skipped");
        assertThat(calls).hasValue(0);
        assertThat(processor.isEnabledFor(AI)).isFalse();
        assertThat(processor.isEnabledFor(AI_AND_DRAFTS)).isTrue();
    }

    @Test
    void anEmptyAnswerIsAnInvalidAnswerAndStoresNothing() {
        DraftReplyProcessor blank = DraftReplyProcessor.builder(r -> "  ", drafts).clock(clock).build();
        assertThatThrownBy(() -> blank.process(new ProcessingBatch(AI_AND_DRAFTS,
                List.of(mail("1", "bob@example.org").build()))))
                .isInstanceOfSatisfying(AiClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(AiClientException.Kind.INVALID_ANSWER));
        assertThat(drafts.drafts(ACCOUNT, clock.instant())).isEmpty();
        assertThatThrownBy(() -> DraftReplyProcessor.builder(ai, drafts).expiry(Duration.ZERO))
                .hasMessageContaining("expiry");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
