package io.mailsync.testkit.corpus;

/** What kind of mail a {@link CorpusMessage} is; the corpus mixes them in fixed proportions. */
public enum MessageKind {
    /** A person's message that starts a conversation; sent by the owner or received from a contact. */
    PERSONAL,
    /** A reply within a conversation: {@code Re:} subject, {@code In-Reply-To}, {@code References} and quoted text. */
    REPLY,
    /** An HTML-only bulk newsletter with {@code List-Unsubscribe} and {@code Precedence: bulk}. */
    NEWSLETTER,
    /** An automated notification from a {@code noreply@} sender with {@code Auto-Submitted: auto-generated}. */
    NOTIFICATION,
    /** A meeting invitation with a {@code text/calendar; method=REQUEST} part and an {@code invite.ics} attachment. */
    CALENDAR_INVITE
}
