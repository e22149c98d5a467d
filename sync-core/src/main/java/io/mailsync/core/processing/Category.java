package io.mailsync.core.processing;

import java.util.Locale;

/** The categories of the built-in {@link CategoryProcessor} rules; hosts' rules may add their own labels. */
public enum Category {
    /** Mail a person wrote to the account, and the account's own mail. */
    PERSONAL,
    /** A newsletter or mailing-list issue ({@code List-Unsubscribe}, {@code List-Id}). */
    NEWSLETTER,
    /** An automated notice: CI runs, sign-in alerts, reminders ({@code Auto-Submitted}, {@code noreply@}). */
    NOTIFICATION,
    /** A receipt, invoice, order, shipping or booking confirmation, password reset: mail about a transaction. */
    TRANSACTIONAL,
    /** A meeting invitation or answer ({@code text/calendar}, {@code .ics}). */
    CALENDAR,
    /** Other mass mail ({@code Precedence: bulk/junk}, very many recipients). */
    BULK;

    /** The label stored in results: the name in lower case ({@code "newsletter"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
