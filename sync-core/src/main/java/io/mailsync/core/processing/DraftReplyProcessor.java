package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AiClient;
import io.mailsync.core.spi.AiClientException;
import io.mailsync.core.spi.AiRequest;
import io.mailsync.core.spi.Draft;
import io.mailsync.core.spi.DraftStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prepares a reply draft for received mail that a person wrote (not the account's own, not list, bulk or automated
 * mail), with an AI, and keeps it in a {@link DraftStore} for {@link Builder#expiry(Duration)} (default 7 days), one per
 * thread. A thread's draft is reused while the thread is unchanged and prepared anew when it changed: the thread's
 * fingerprint is a digest of its message ids (References, In-Reply-To, Message-ID), so a new message in the thread
 * changes it. Nothing is ever sent: the host offers the draft to the user. Expired drafts are deleted by
 * {@link DraftCleaner}.
 *
 * <p>Runs only for accounts with {@link SyncOptions#enableDraftPreparation()}. One AI call per message. Output per
 * message: {@code draft} ({@code prepared}, {@code reused} or {@code skipped}) and, unless skipped, {@code threadId}
 * and {@code expiresAt}. Thread-safe when the client and the store are.
 */
public final class DraftReplyProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "draft-reply";
    /** The default lifetime of a draft: 7 days. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(7);

    private final AiClient ai;
    private final DraftStore drafts;
    private final Clock clock;
    private final Duration expiry;
    private final String instructions;

    private DraftReplyProcessor(Builder b) {
        this.ai = b.ai;
        this.drafts = b.drafts;
        this.clock = b.clock;
        this.expiry = b.expiry;
        this.instructions = b.instructions;
    }

    /** A builder; the AI client and the draft store are required. */
    public static Builder builder(AiClient ai, DraftStore drafts) {
        return new Builder(ai, drafts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isEnabledFor(SyncOptions options) {
        return options.enableDraftPreparation();
    }

    @Override
    public List<ProcessingOutput> process(ProcessingBatch batch) {
        List<ProcessingOutput> outputs = new ArrayList<>(batch.messages().size());
        for (EmailMessage m : batch.messages()) {
            outputs.add(prepare(m, batch.account()));
        }
        return outputs;
    }

    private ProcessingOutput prepare(EmailMessage m, SyncOptions account) {
        if (!needsReply(m, account)) {
            return ProcessingOutput.of(m.providerMessageId(), "draft", "skipped");
        }
        String threadId = threadId(m);
        String fingerprint = fingerprint(m);
        Instant now = clock.instant();
        Optional<Draft> cached = drafts.find(m.accountId(), threadId);
        if (cached.isPresent() && !cached.get().isExpired(now) && cached.get().threadFingerprint().equals(fingerprint)) {
            return output(m, "reused", cached.get());
        }
        String body = ai.chat(new AiRequest(instructions + " You write for " + account.email() + '.',
                LabelPrompts.describe(m)));
        if (body == null || body.isBlank()) {
            throw new AiClientException(AiClientException.Kind.INVALID_ANSWER, "the AI answered an empty draft", "",
                    null);
        }
        Draft draft = new Draft(m.accountId(), m.providerMessageId(), threadId, body.strip(), now, now.plus(expiry),
                fingerprint);
        drafts.save(draft);
        return output(m, "prepared", draft);
    }

    private static ProcessingOutput output(EmailMessage m, String state, Draft d) {
        return new ProcessingOutput(m.providerMessageId(), Map.of("draft", state, "threadId", d.threadId(),
                "expiresAt", d.expiresAt().toString()));
    }

    /** Received mail a person wrote: not the account's own, not list, bulk or automated mail. */
    static boolean needsReply(EmailMessage m, SyncOptions account) {
        return m.from().isPresent() && !Headers.sentByAccount(m, account) && !Headers.has(m, "list-id")
                && !Headers.has(m, "list-unsubscribe") && !Headers.isBulkPrecedence(m) && !Headers.isAutoSubmitted(m)
                && !Headers.isAutomatedSender(m);
    }

    /** The provider's thread id, else the thread's first message id, else the message's own id. */
    static String threadId(EmailMessage m) {
        return m.threadId().or(() -> m.references().stream().findFirst().map(Headers::stripBrackets))
                .or(() -> m.inReplyTo().map(Headers::stripBrackets))
                .or(m::internetMessageId)
                .orElse(m.providerMessageId());
    }

    /** A digest of the thread's message ids as this message names them (sorted, so order does not matter). */
    static String fingerprint(EmailMessage m) {
        List<String> ids = new ArrayList<>(Headers.threadIds(m).toList());
        if (ids.isEmpty()) {
            ids.add(m.providerMessageId());
        }
        ids.sort(null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Builds a {@link DraftReplyProcessor}. Not thread-safe. */
    public static final class Builder {
        private final AiClient ai;
        private final DraftStore drafts;
        private Clock clock = Clock.systemUTC();
        private Duration expiry = DEFAULT_EXPIRY;
        private String instructions = "You draft a short, polite reply to the email below, in its language, as its"
                + " recipient. Write only the reply's body. Do not promise dates, prices or commitments; leave"
                + " [placeholders] where the recipient must decide.";

        private Builder(AiClient ai, DraftStore drafts) {
            this.ai = Objects.requireNonNull(ai, "ai");
            this.drafts = Objects.requireNonNull(drafts, "drafts");
        }

        /** How long a draft is kept; 1 minute to 90 days, default 7 days. */
        public Builder expiry(Duration expiry) {
            if (expiry == null || expiry.compareTo(Duration.ofMinutes(1)) < 0 || expiry.compareTo(Duration.ofDays(90)) > 0) {
                throw new IllegalArgumentException("expiry must be in 1 min..90 days, was " + expiry);
            }
            this.expiry = expiry;
            return this;
        }

        /** The clock for creation and expiry times; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The system prompt; the default asks for a short reply body without commitments. */
        public Builder instructions(String instructions) {
            if (instructions == null || instructions.isBlank()) {
                throw new IllegalArgumentException("instructions must not be blank");
            }
            this.instructions = instructions;
            return this;
        }

        /** The processor. */
        public DraftReplyProcessor build() {
            return new DraftReplyProcessor(this);
        }
    }
}
