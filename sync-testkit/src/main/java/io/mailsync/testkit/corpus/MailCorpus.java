package io.mailsync.testkit.corpus;

import io.mailsync.core.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A generator of realistic mail corpora for one mailbox owner: conversations with replies, the owner's sent mail,
 * several recipients and Cc, attachments, text+HTML alternatives, HTML-only newsletters, {@code noreply@}
 * notifications and calendar invitations, in English, German, French and Japanese, with RFC 2047 headers and
 * quoted-printable, base64 and ISO-8859-1 bodies. Each {@link CorpusMessage} holds the raw bytes and the fields a
 * parser should find in them.
 *
 * <pre>{@code
 * MailCorpus corpus = MailCorpus.builder().seed(42).owner("Alice Example", "alice@example.com").build();
 * List<CorpusMessage> messages = corpus.generate(1_000);
 * long bytes = corpus.stream(100_000).mapToLong(CorpusMessage::size).sum(); // one message in memory at a time
 * }</pre>
 *
 * <p><b>Determinism.</b> The same settings and count give the same messages, byte for byte, on every JVM: the
 * generator uses {@link java.util.Random} seeded with {@link #seed()}, never the clock or the default locale. The
 * {@code Date}s of {@code count} messages are spread evenly over {@code [end - span, end)} and rise with the index,
 * so a corpus of another count is another corpus, not a prefix of it.
 *
 * <p><b>Memory.</b> {@link #stream(int)} and {@link #iterator(int)} produce messages lazily and remember only the
 * conversations still open (a bounded number), so any count streams in constant memory.
 *
 * <p>Immutable and thread-safe; every stream or iterator it returns has its own state and is not thread-safe.
 */
public final class MailCorpus {
    /** The folder of received mail. */
    public static final String INBOX = "INBOX";
    /** The folder of mail the owner sent. */
    public static final String SENT = "Sent";
    /** The folder of received mail the owner filed away (about 15%). */
    public static final String ARCHIVE = "Archive";
    /** The default end of the corpus's time span: 2025-01-01T00:00:00Z. */
    public static final Instant DEFAULT_END = Instant.parse("2025-01-01T00:00:00Z");
    /** The default length of the corpus's time span: 730 days. */
    public static final Duration DEFAULT_SPAN = Duration.ofDays(730);

    private final long seed;
    private final EmailAddress owner;
    private final Instant end;
    private final Duration span;

    private MailCorpus(Builder builder) {
        this.seed = builder.seed;
        this.owner = EmailAddress.of(builder.ownerName, builder.ownerAddress);
        this.end = builder.end;
        this.span = builder.span;
    }

    /** A builder with seed 0, {@link #DEFAULT_END}, {@link #DEFAULT_SPAN} and no owner (which must be set). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this corpus's settings, to derive another corpus. */
    public Builder toBuilder() {
        return new Builder().seed(seed).owner(owner).end(end).span(span);
    }

    /** The seed every choice derives from. */
    public long seed() {
        return seed;
    }

    /** The mailbox owner: recipient of received mail, sender of sent mail. */
    public EmailAddress owner() {
        return owner;
    }

    /** The instant before which every message was sent. */
    public Instant end() {
        return end;
    }

    /** How far before {@link #end()} the first messages were sent. */
    public Duration span() {
        return span;
    }

    /**
     * The first {@code count} messages, all in memory.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public List<CorpusMessage> generate(int count) {
        return stream(count).toList();
    }

    /**
     * A sequential, ordered, sized stream of {@code count} messages, produced lazily one at a time.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Stream<CorpusMessage> stream(int count) {
        Spliterator<CorpusMessage> spliterator = Spliterators.spliterator(iterator(count), count,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(spliterator, false);
    }

    /**
     * An iterator over {@code count} messages, produced lazily one at a time. Not thread-safe.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Iterator<CorpusMessage> iterator(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        return new CorpusGenerator(seed, owner, end, span, count);
    }

    @Override
    public String toString() {
        return "MailCorpus[seed=" + seed + ", owner=" + owner.address() + ", end=" + end + ", span=" + span + "]";
    }

    /** Builds a {@link MailCorpus}; {@link #build()} validates every setting. Not thread-safe. */
    public static final class Builder {
        private static final Pattern ADDRESS = Pattern.compile("[!-~&&[^@<>()\\[\\],;:\\\\\"]]+@[a-zA-Z0-9.-]+");

        private long seed;
        private String ownerName = "";
        private String ownerAddress = "";
        private Instant end = DEFAULT_END;
        private Duration span = DEFAULT_SPAN;

        private Builder() {
        }

        /** The seed; equal seeds (and settings) give equal corpora. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The owner's address, without a display name, e.g. {@code alice@example.com}. */
        public Builder owner(String address) {
            return owner("", address);
        }

        /** The owner's display name (any Unicode text, may be empty) and address. */
        public Builder owner(String displayName, String address) {
            this.ownerName = Objects.requireNonNull(displayName, "displayName");
            this.ownerAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The owner as an address of the message model. */
        public Builder owner(EmailAddress owner) {
            Objects.requireNonNull(owner, "owner");
            return owner(owner.name(), owner.address());
        }

        /** The instant before which every message was sent; default {@link MailCorpus#DEFAULT_END}. */
        public Builder end(Instant end) {
            this.end = Objects.requireNonNull(end, "end");
            return this;
        }

        /** How far back from {@link #end(Instant)} the messages reach; default {@link MailCorpus#DEFAULT_SPAN}. */
        public Builder span(Duration span) {
            this.span = Objects.requireNonNull(span, "span");
            return this;
        }

        /**
         * The corpus.
         *
         * @throws IllegalArgumentException naming the setting, if the owner is missing or not a plain ASCII address
         *                                  ({@code local@domain}) or the span is shorter than one second
         */
        public MailCorpus build() {
            if (ownerAddress.isEmpty()) {
                throw new IllegalArgumentException("owner must be set, e.g. owner(\"alice@example.com\")");
            }
            if (!ADDRESS.matcher(ownerAddress).matches()) {
                throw new IllegalArgumentException(
                        "owner must be an ASCII address like alice@example.com, was \"" + ownerAddress + "\"");
            }
            if (span.toSeconds() < 1) {
                throw new IllegalArgumentException("span must be at least 1s, was " + span);
            }
            return new MailCorpus(this);
        }
    }
}
