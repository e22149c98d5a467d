package io.mailsync.core.processing;

import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Header and address tests shared by the built-in scorer and processors. Stateless. */
final class Headers {

    private static final Set<String> AUTOMATED_LOCAL_PARTS = Set.of("noreply", "no-reply", "donotreply",
            "do-not-reply", "notifications", "notification", "notify", "alerts", "alert", "mailer-daemon", "postmaster",
            "bounce", "bounces", "automated", "system");

    private Headers() {
    }

    /** The first value of a header, trimmed and lower case; empty when absent. */
    static String first(EmailMessage m, String name) {
        List<String> values = m.header(name);
        return values.isEmpty() ? "" : values.get(0).trim().toLowerCase(Locale.ROOT);
    }

    static boolean has(EmailMessage m, String name) {
        return !m.header(name).isEmpty();
    }

    /** {@code Precedence: bulk | list | junk}. */
    static boolean isBulkPrecedence(EmailMessage m) {
        String p = first(m, "precedence");
        return p.equals("bulk") || p.equals("list") || p.equals("junk");
    }

    /** {@code Auto-Submitted} with any value but {@code no} (RFC 3834). */
    static boolean isAutoSubmitted(EmailMessage m) {
        String a = first(m, "auto-submitted");
        return !a.isEmpty() && !a.equals("no");
    }

    /** A sender such as {@code noreply@}, {@code notifications@}, {@code mailer-daemon@}. */
    static boolean isAutomatedSender(EmailMessage m) {
        return m.from().map(f -> {
            String address = f.normalizedAddress();
            int at = address.indexOf('@');
            String local = at < 0 ? address : address.substring(0, at);
            return AUTOMATED_LOCAL_PARTS.contains(local) || local.startsWith("noreply") || local.startsWith("no-reply")
                    || local.startsWith("donotreply");
        }).orElse(false);
    }

    /** The domain of an address, lower case; empty when it has none. */
    static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether the account itself sent the message. */
    static boolean sentByAccount(EmailMessage m, SyncOptions account) {
        String own = account.email().toLowerCase(Locale.ROOT);
        return m.from().map(f -> f.normalizedAddress().equals(own)).orElse(false);
    }

    static boolean contains(List<EmailAddress> addresses, String normalized) {
        return addresses.stream().anyMatch(a -> a.normalizedAddress().equals(normalized));
    }

    /** Subject, text body (or snippet) in lower case, for keyword rules. */
    static String text(EmailMessage m) {
        String body = m.textBody().orElse(m.snippet());
        return (m.subject() + "\n" + body).toLowerCase(Locale.ROOT);
    }

    /** The thread's message ids this message names: References, In-Reply-To, its own Message-ID. */
    static Stream<String> threadIds(EmailMessage m) {
        return Stream.concat(Stream.concat(m.references().stream(), m.inReplyTo().stream()),
                m.internetMessageId().stream()).map(Headers::stripBrackets).distinct();
    }

    static String stripBrackets(String id) {
        String s = id.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }
}
