package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.Contact;
import io.mailsync.core.spi.ContactStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scores received mail as a sales lead, 0 to 100, by configurable rules, and says why. The score starts at
 * {@link Builder#base(int)} (default 20) and adds:
 * <ul>
 *   <li>the points of the sender's domain, when configured ({@link Builder#domain}: target accounts up, free-mail
 *       providers or competitors down);</li>
 *   <li>the points of each configured keyword found in the subject or text (each keyword once);</li>
 *   <li>{@link Builder#firstContact(ContactStore, int)} points (default 15) when the sender was never seen before
 *       this message — the {@link ContactStore} is asked, so add {@link ContactsProcessor} before this processor;</li>
 *   <li>{@link Builder#replyDepth(int, int)} points per message the thread already holds (References), capped
 *       (default 5 each, at most 20): an ongoing conversation is a warmer lead;</li>
 *   <li>{@link Builder#automatedPenalty(int)} (default -30) for list, bulk and automated mail.</li>
 * </ul>
 * The sum is clamped to 0..100. Mail the account sent gets no score. Output per message: {@code score} and
 * {@code reasons} (e.g. {@code base 20; domain acme.example +30; keyword "pricing" +10}). Immutable and thread-safe.
 */
public final class LeadScoreProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "lead-score";

    private final int base;
    private final Map<String, Integer> domains;
    private final Map<String, Integer> keywords;
    private final ContactStore contacts;
    private final int firstContactPoints;
    private final int pointsPerReply;
    private final int maxReplyPoints;
    private final int automatedPenalty;

    private LeadScoreProcessor(Builder b) {
        this.base = b.base;
        this.domains = Map.copyOf(b.domains);
        this.keywords = new LinkedHashMap<>(b.keywords);
        this.contacts = b.contacts;
        this.firstContactPoints = b.firstContactPoints;
        this.pointsPerReply = b.pointsPerReply;
        this.maxReplyPoints = b.maxReplyPoints;
        this.automatedPenalty = b.automatedPenalty;
    }

    /** A builder: base 20, no domains or keywords, no first-contact rule, 5 points per reply up to 20, -30 automated. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProcessingOutput> process(ProcessingBatch batch) {
        List<ProcessingOutput> outputs = new ArrayList<>();
        for (EmailMessage m : batch.messages()) {
            score(m, batch.account()).ifPresent(s -> outputs.add(new ProcessingOutput(m.providerMessageId(),
                    Map.of("score", Integer.toString(s.score()), "reasons", s.reasons()))));
        }
        return outputs;
    }

    /** The score of a received message; empty for mail the account sent or without a sender. */
    public Optional<LeadScore> score(EmailMessage m, SyncOptions account) {
        if (m.from().isEmpty() || Headers.sentByAccount(m, account)) {
            return Optional.empty();
        }
        String sender = m.from().get().normalizedAddress();
        List<String> reasons = new ArrayList<>();
        int score = base;
        reasons.add("base " + base);
        String domain = Headers.domain(sender);
        Integer domainPoints = domains.get(domain);
        if (domainPoints != null) {
            score += domainPoints;
            reasons.add("domain " + domain + " " + signed(domainPoints));
        }
        String text = Headers.text(m);
        for (Map.Entry<String, Integer> k : keywords.entrySet()) {
            if (text.contains(k.getKey())) {
                score += k.getValue();
                reasons.add("keyword \"" + k.getKey() + "\" " + signed(k.getValue()));
            }
        }
        if (contacts != null && isFirstContact(m, sender)) {
            score += firstContactPoints;
            reasons.add("first contact " + signed(firstContactPoints));
        }
        int depth = m.references().isEmpty() && m.inReplyTo().isPresent() ? 1 : m.references().size();
        if (depth > 0 && pointsPerReply != 0) {
            int points = Math.min(depth * pointsPerReply, maxReplyPoints);
            score += points;
            reasons.add("reply depth " + depth + " " + signed(points));
        }
        if (Headers.has(m, "list-id") || Headers.has(m, "list-unsubscribe") || Headers.isBulkPrecedence(m)
                || Headers.isAutoSubmitted(m) || Headers.isAutomatedSender(m)) {
            score += automatedPenalty;
            reasons.add("automated " + signed(automatedPenalty));
        }
        return Optional.of(new LeadScore(Math.clamp(score, 0, 100), String.join("; ", reasons)));
    }

    private boolean isFirstContact(EmailMessage m, String sender) {
        Optional<Contact> known = contacts.find(m.accountId(), sender);
        return known.isEmpty() || known.get().messages() <= 1; // 1: only this message (merged just before)
    }

    private static String signed(int points) {
        return points >= 0 ? "+" + points : Integer.toString(points);
    }

    /**
     * A message's lead score.
     *
     * @param score   0..100
     * @param reasons the rules that contributed, {@code "; "}-separated
     */
    public record LeadScore(int score, String reasons) {
        public LeadScore {
            if (score < 0 || score > 100) {
                throw new IllegalArgumentException("score must be in 0..100, was " + score);
            }
            Objects.requireNonNull(reasons, "reasons");
        }
    }

    /** Builds a {@link LeadScoreProcessor}; validates as it goes, naming the field. Not thread-safe. */
    public static final class Builder {
        private int base = 20;
        private final Map<String, Integer> domains = new LinkedHashMap<>();
        private final Map<String, Integer> keywords = new LinkedHashMap<>();
        private ContactStore contacts;
        private int firstContactPoints = 15;
        private int pointsPerReply = 5;
        private int maxReplyPoints = 20;
        private int automatedPenalty = -30;

        private Builder() {
        }

        /** The score before any rule, 0..100. */
        public Builder base(int base) {
            this.base = points(base, 0, 100, "base");
            return this;
        }

        /** Points (-100..100) for senders of {@code domain} ({@code acme.example}; subdomains not included). */
        public Builder domain(String domain, int points) {
            domains.put(text(domain, "domain").replaceFirst("^@", ""), points(points, -100, 100, "domain points"));
            return this;
        }

        /** {@link #domain} for each of {@code domains}. */
        public Builder domains(java.util.Collection<String> domains, int points) {
            Objects.requireNonNull(domains, "domains").forEach(d -> domain(d, points));
            return this;
        }

        /** Points (-100..100) when {@code keyword} is in the subject or text (case-insensitive). */
        public Builder keyword(String keyword, int points) {
            keywords.put(text(keyword, "keyword"), points(points, -100, 100, "keyword points"));
            return this;
        }

        /** Points (-100..100) when the sender is new to the account, as {@code contacts} knows it. */
        public Builder firstContact(ContactStore contacts, int points) {
            this.contacts = Objects.requireNonNull(contacts, "contacts");
            this.firstContactPoints = points(points, -100, 100, "firstContact points");
            return this;
        }

        /** Points (0..100) per message already in the thread, at most {@code max} (0..100) in all. */
        public Builder replyDepth(int perReply, int max) {
            this.pointsPerReply = points(perReply, 0, 100, "replyDepth perReply");
            this.maxReplyPoints = points(max, 0, 100, "replyDepth max");
            return this;
        }

        /** Points (-100..0) for list, bulk and automated mail. */
        public Builder automatedPenalty(int points) {
            this.automatedPenalty = points(points, -100, 0, "automatedPenalty");
            return this;
        }

        /** The processor. */
        public LeadScoreProcessor build() {
            return new LeadScoreProcessor(this);
        }

        private static int points(int value, int min, int max, String field) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " must be in " + min + ".." + max + ", was " + value);
            }
            return value;
        }

        private static String text(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " must not be blank");
            }
            return value.trim().toLowerCase(Locale.ROOT);
        }
    }
}
