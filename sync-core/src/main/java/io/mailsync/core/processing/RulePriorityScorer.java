package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.ProcessingJob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in {@link PriorityScorer}: rules over headers and addresses, no I/O except the optional
 * {@link SentMessageLookup}. The score starts at {@value #BASE} and each matching rule adds its weight; the result is
 * clamped to 0..100:
 *
 * <table>
 *   <caption>weights</caption>
 *   <tr><th>rule</th><th>weight</th></tr>
 *   <tr><td>the account's address is in {@code To}</td><td>{@value #DIRECT}</td></tr>
 *   <tr><td>the account is only in {@code Cc}</td><td>{@value #CC_ONLY}</td></tr>
 *   <tr><td>the account is in neither (Bcc, alias, distribution list)</td><td>{@value #NOT_ADDRESSED}</td></tr>
 *   <tr><td>mailing-list mail ({@code List-Id})</td><td>{@value #LIST_ID}</td></tr>
 *   <tr><td>a reply to a thread the account wrote in ({@code In-Reply-To}/{@code References} name a message the
 *       account sent, per the {@link SentMessageLookup})</td><td>{@value #REPLY_TO_OWN_THREAD}</td></tr>
 *   <tr><td>the sender is a VIP (configured address or domain)</td><td>{@value #VIP}</td></tr>
 *   <tr><td>{@code List-Unsubscribe}</td><td>{@value #LIST_UNSUBSCRIBE}</td></tr>
 *   <tr><td>{@code Precedence: bulk | list | junk}</td><td>{@value #BULK_PRECEDENCE}</td></tr>
 *   <tr><td>{@code Auto-Submitted} other than {@code no}</td><td>{@value #AUTO_SUBMITTED}</td></tr>
 *   <tr><td>mail the account sent itself</td><td>{@value #OWN_MAIL}</td></tr>
 * </table>
 *
 * <p>So a VIP writing to the account directly in a thread it took part in scores 100, a newsletter 5. At most
 * {@value #MAX_LOOKUPS} message ids of a message are looked up (In-Reply-To first, then References newest first).
 * Immutable and thread-safe.
 */
public final class RulePriorityScorer implements PriorityScorer {

    /** The score before any rule. */
    public static final int BASE = 50;
    /** The account's address is in {@code To}. */
    public static final int DIRECT = 15;
    /** The account is only in {@code Cc}. */
    public static final int CC_ONLY = 0;
    /** The account is neither in {@code To} nor in {@code Cc}. */
    public static final int NOT_ADDRESSED = -10;
    /** The message has a {@code List-Id}. */
    public static final int LIST_ID = -10;
    /** The message answers a thread the account wrote in. */
    public static final int REPLY_TO_OWN_THREAD = 20;
    /** The sender is a VIP. */
    public static final int VIP = 25;
    /** The message has {@code List-Unsubscribe}. */
    public static final int LIST_UNSUBSCRIBE = -15;
    /** {@code Precedence: bulk}, {@code list} or {@code junk}. */
    public static final int BULK_PRECEDENCE = -20;
    /** {@code Auto-Submitted} other than {@code no}. */
    public static final int AUTO_SUBMITTED = -10;
    /** The account sent the message. */
    public static final int OWN_MAIL = -30;
    /** The most message ids of one message passed to the {@link SentMessageLookup}. */
    public static final int MAX_LOOKUPS = 5;

    private final Set<String> vipAddresses;
    private final Set<String> vipDomains;
    private final SentMessageLookup sentMessages;

    private RulePriorityScorer(Builder b) {
        this.vipAddresses = Set.copyOf(b.vipAddresses);
        this.vipDomains = Set.copyOf(b.vipDomains);
        this.sentMessages = b.sentMessages;
    }

    /** A builder: no VIPs, {@link SentMessageLookup#NONE}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int score(EmailMessage message, SyncOptions account) {
        int[] sum = {BASE}; // runs on the sync thread for every new message: no allocation per rule
        evaluate(message, account, (rule, weight) -> sum[0] += weight);
        return Math.clamp(sum[0], ProcessingJob.MIN_PRIORITY, ProcessingJob.MAX_PRIORITY);
    }

    /**
     * The rules that match {@code message}, with their weights: why it got its score.
     *
     * @return the matching rules in the order of the table above
     */
    public List<Reason> explain(EmailMessage message, SyncOptions account) {
        List<Reason> reasons = new ArrayList<>();
        evaluate(message, account, (rule, weight) -> reasons.add(new Reason(rule, weight)));
        return List.copyOf(reasons);
    }

    /** Receives each rule that matched. */
    @FunctionalInterface
    private interface Matches {
        void add(String rule, int weight);
    }

    private void evaluate(EmailMessage message, SyncOptions account, Matches matches) {
        String own = account.email().toLowerCase(Locale.ROOT);
        if (Headers.sentByAccount(message, account)) {
            matches.add("own mail", OWN_MAIL);
        } else if (Headers.contains(message.to(), own)) {
            matches.add("direct", DIRECT);
        } else if (Headers.contains(message.cc(), own)) {
            matches.add("cc only", CC_ONLY);
        } else {
            matches.add("not addressed", NOT_ADDRESSED);
        }
        if (Headers.has(message, "list-id")) {
            matches.add("list", LIST_ID);
        }
        if (isReplyToOwnThread(message)) {
            matches.add("reply to own thread", REPLY_TO_OWN_THREAD);
        }
        if (isVip(message)) {
            matches.add("vip", VIP);
        }
        if (Headers.has(message, "list-unsubscribe")) {
            matches.add("list-unsubscribe", LIST_UNSUBSCRIBE);
        }
        if (Headers.isBulkPrecedence(message)) {
            matches.add("precedence bulk", BULK_PRECEDENCE);
        }
        if (Headers.isAutoSubmitted(message)) {
            matches.add("auto-submitted", AUTO_SUBMITTED);
        }
    }

    private boolean isReplyToOwnThread(EmailMessage m) {
        if (sentMessages == SentMessageLookup.NONE) {
            return false;
        }
        List<String> ids = new ArrayList<>(MAX_LOOKUPS);
        m.inReplyTo().map(Headers::stripBrackets).ifPresent(ids::add);
        for (int i = m.references().size() - 1; i >= 0 && ids.size() < MAX_LOOKUPS; i--) {
            String id = Headers.stripBrackets(m.references().get(i));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids.stream().anyMatch(id -> sentMessages.sentByAccount(m.accountId(), id));
    }

    private boolean isVip(EmailMessage m) {
        return m.from().map(f -> {
            String address = f.normalizedAddress();
            return vipAddresses.contains(address) || vipDomains.contains(Headers.domain(address));
        }).orElse(false);
    }

    /**
     * A rule that matched and what it added.
     *
     * @param rule   the rule's short name
     * @param weight what it added to {@link #BASE}
     */
    public record Reason(String rule, int weight) {
        public Reason {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** Builds a {@link RulePriorityScorer}. Not thread-safe. */
    public static final class Builder {
        private final Set<String> vipAddresses = new java.util.HashSet<>();
        private final Set<String> vipDomains = new java.util.HashSet<>();
        private SentMessageLookup sentMessages = SentMessageLookup.NONE;

        private Builder() {
        }

        /** Senders raised by {@link #VIP}; compared case-insensitively. */
        public Builder vipAddresses(Collection<String> addresses) {
            vipAddresses.addAll(normalize(addresses, "vipAddresses"));
            return this;
        }

        /** Sender domains raised by {@link #VIP} ({@code example.com}; subdomains are not included). */
        public Builder vipDomains(Collection<String> domains) {
            vipDomains.addAll(normalize(domains, "vipDomains"));
            return this;
        }

        /** How to tell whether the account sent a message; default {@link SentMessageLookup#NONE}. */
        public Builder sentMessages(SentMessageLookup lookup) {
            this.sentMessages = Objects.requireNonNull(lookup, "sentMessages");
            return this;
        }

        /** The scorer. */
        public RulePriorityScorer build() {
            return new RulePriorityScorer(this);
        }

        private static Set<String> normalize(Collection<String> values, String field) {
            Objects.requireNonNull(values, field);
            return values.stream().map(v -> {
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException(field + " must not contain blank values");
                }
                String s = v.trim().toLowerCase(Locale.ROOT);
                return s.startsWith("@") ? s.substring(1) : s;
            }).collect(Collectors.toSet());
        }
    }
}
