package io.mailsync.testkit.corpus;

import io.mailsync.core.EmailAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Produces the messages of one corpus one at a time, in the order the mailbox received them. The {@code Date}s
 * fall in consecutive slots of {@code span / count}, so they rise with the index; only the open conversations are
 * remembered, so memory does not grow with the count. Not thread-safe; each iterator has its own state.
 */
final class CorpusGenerator implements Iterator<CorpusMessage> {
    private static final String SEEN = "\\Seen";
    private static final String FLAGGED = "\\Flagged";

    private final int count;
    private final Instant start;
    private final long spanSeconds;
    private final Randoms random;
    private final Cast cast;
    private final Conversations conversations;
    private final Newsletters newsletters;
    private final Notifications notifications;
    private final Invitations invitations;
    private final MessageComposer composer;
    private int next;

    CorpusGenerator(long seed, EmailAddress owner, Instant end, Duration span, int count) {
        this.count = count;
        this.start = end.minus(span).truncatedTo(ChronoUnit.SECONDS);
        this.spanSeconds = span.toSeconds();
        this.random = new Randoms(seed);
        this.cast = new Cast(owner);
        this.conversations = new Conversations(random, cast);
        this.newsletters = new Newsletters(random, cast);
        this.notifications = new Notifications(random, cast);
        this.invitations = new Invitations(random, cast);
        this.composer = new MessageComposer(random, cast.owner());
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public CorpusMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the corpus has only " + count + " messages");
        }
        int index = next++;
        Draft draft = draft(index, sentAt(index));
        return composer.compose(index, draft, place(draft));
    }

    private Instant sentAt(int index) {
        long slotStart = spanSeconds * index / count;
        long slotEnd = spanSeconds * (index + 1) / count;
        return start.plusSeconds(slotStart + random.below(Math.max(1, slotEnd - slotStart)));
    }

    /** About 30% replies, 30% new conversations, 15% newsletters, 17% notifications, 6% invitations. */
    private Draft draft(int index, Instant sentAt) {
        double roll = random.fraction();
        if (roll < 0.32 && conversations.hasOpenThreads()) {
            return conversations.reply(index, sentAt);
        } else if (roll < 0.55) {
            return conversations.start(index, sentAt);
        } else if (roll < 0.70) {
            return newsletters.issue(index, sentAt);
        } else if (roll < 0.87) {
            return notifications.next(index, sentAt);
        } else if (roll < 0.93) {
            return invitations.next(index, sentAt);
        }
        return conversations.start(index, sentAt);
    }

    private Placement place(Draft draft) {
        if (cast.isOwner(draft.from())) {
            return new Placement(MailCorpus.SENT, Set.of(SEEN), draft.sentAt());
        }
        boolean archived = random.chance(0.15);
        Set<String> flags = new HashSet<>();
        if (archived || random.chance(0.65)) {
            flags.add(SEEN);
        }
        if (random.chance(0.04)) {
            flags.add(FLAGGED);
        }
        Instant receivedAt = draft.sentAt().plusSeconds(random.between(2, 240));
        return new Placement(archived ? MailCorpus.ARCHIVE : MailCorpus.INBOX, Set.copyOf(flags), receivedAt);
    }
}
