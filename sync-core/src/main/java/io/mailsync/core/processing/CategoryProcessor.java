package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies mail by ordered rules over headers and sender patterns; the first rule that matches wins, and a message
 * no rule matches gets the fallback ({@link Category#PERSONAL}). The built-in rules, in order:
 * <ol>
 *   <li>{@code calendar}: a {@code text/calendar} / {@code application/ics} part or an {@code .ics} file;</li>
 *   <li>{@code newsletter}: {@code List-Unsubscribe}, or {@code List-Id} with {@code Precedence: bulk/list};</li>
 *   <li>{@code transactional}: a receipt/invoice/order/shipping/booking/password subject (English, German, French)
 *       from an automated or role sender ({@code noreply@}, {@code orders@}, {@code billing@}, …) or with
 *       {@code Auto-Submitted} — a person asking about an invoice stays personal;</li>
 *   <li>{@code bulk}: {@code Precedence: bulk/junk/list}, or more than {@value #BULK_RECIPIENTS} recipients;</li>
 *   <li>{@code notification}: {@code Auto-Submitted} (RFC 3834) or an automated sender.</li>
 * </ol>
 * A host extends them with {@link Builder#addFirst} (before the built-ins) and {@link Builder#add} (after them).
 * Output per message: {@code category} and {@code rule} (the matching rule's name, {@code fallback} when none).
 * Immutable and thread-safe.
 */
public final class CategoryProcessor implements EmailProcessor {

    /** The processor's name: {@value}. */
    public static final String NAME = "category";
    /** Recipients (To + Cc) above which mail is bulk. */
    public static final int BULK_RECIPIENTS = 25;

    private static final Set<String> ROLE_SENDERS = Set.of("orders", "order", "billing", "invoice", "invoices",
            "receipts", "receipt", "payments", "payment", "shop", "store", "sales", "booking", "bookings",
            "reservations", "tickets", "accounts", "account", "service", "support", "confirmation", "shipping",
            "rechnung", "bestellung", "commande", "facturation");
    private static final Pattern TRANSACTIONAL_SUBJECT = Pattern.compile(
            "receipt|invoice|order\\s*(#|no\\.?|number|confirm)|your order|has shipped|shipped|on its way|delivery"
                    + "|payment|purchase|booking|reservation|itinerary|e-?ticket|subscription (renewal|confirm)"
                    + "|password reset|reset your password|verification code|security code|refund|statement"
                    + "|rechnung|bestellung|zahlung|quittung|buchung|lieferung|versand"
                    + "|facture|commande|reçu|paiement|réservation|livraison",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The built-in rules, in order. */
    public static final List<CategoryRule> DEFAULT_RULES = List.of(
            CategoryRule.of("calendar", Category.CALENDAR, (m, a) -> isCalendar(m)),
            CategoryRule.of("newsletter", Category.NEWSLETTER, (m, a) -> Headers.has(m, "list-unsubscribe")
                    || (Headers.has(m, "list-id") && Headers.isBulkPrecedence(m))),
            CategoryRule.of("transactional", Category.TRANSACTIONAL, (m, a) -> isTransactional(m, a)),
            CategoryRule.of("bulk", Category.BULK, (m, a) -> Headers.isBulkPrecedence(m)
                    || m.to().size() + m.cc().size() > BULK_RECIPIENTS),
            CategoryRule.of("notification", Category.NOTIFICATION, (m, a) -> Headers.isAutoSubmitted(m)
                    || Headers.isAutomatedSender(m)));

    private final List<CategoryRule> rules;
    private final String fallback;

    private CategoryProcessor(List<CategoryRule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    /** The built-in rules with the {@link Category#PERSONAL} fallback. */
    public static CategoryProcessor defaults() {
        return builder().build();
    }

    /** A builder holding the built-in rules. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The rules, in the order they are tried. */
    public List<CategoryRule> rules() {
        return rules;
    }

    @Override
    public List<ProcessingOutput> process(ProcessingBatch batch) {
        return batch.messages().stream().map(m -> {
            Classification c = classify(m, batch.account());
            return new ProcessingOutput(m.providerMessageId(), Map.of("category", c.category(), "rule", c.rule()));
        }).toList();
    }

    /** The category of one message, and the rule that gave it. */
    public Classification classify(EmailMessage message, SyncOptions account) {
        for (CategoryRule rule : rules) {
            if (rule.matches().test(message, account)) {
                return new Classification(rule.category(), rule.name());
            }
        }
        return new Classification(fallback, "fallback");
    }

    /**
     * What {@link #classify} concluded.
     *
     * @param category the label
     * @param rule     the name of the rule that matched, {@code fallback} when none did
     */
    public record Classification(String category, String rule) {
        public Classification {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(rule, "rule");
        }
    }

    private static boolean isCalendar(EmailMessage m) {
        return m.attachments().stream().anyMatch(a -> a.contentType().equals("text/calendar")
                || a.contentType().equals("application/ics")
                || a.filename().toLowerCase(Locale.ROOT).endsWith(".ics"))
                || Headers.first(m, "content-class").contains("calendarmessage");
    }

    private static boolean isTransactional(EmailMessage m, SyncOptions account) {
        if (m.inReplyTo().isPresent() || Headers.sentByAccount(m, account)
                || !TRANSACTIONAL_SUBJECT.matcher(m.subject()).find()) {
            return false;
        }
        return Headers.isAutomatedSender(m) || Headers.isAutoSubmitted(m) || isRoleSender(m);
    }

    private static boolean isRoleSender(EmailMessage m) {
        return m.from().map(f -> {
            String address = f.normalizedAddress();
            int at = address.indexOf('@');
            String local = at < 0 ? address : address.substring(0, at);
            int sep = local.indexOf('+');
            return ROLE_SENDERS.contains(sep < 0 ? local : local.substring(0, sep));
        }).orElse(false);
    }

    /** Builds a {@link CategoryProcessor}: ordered rules, first match wins. Not thread-safe. */
    public static final class Builder {
        private final List<CategoryRule> before = new ArrayList<>();
        private final List<CategoryRule> after = new ArrayList<>();
        private boolean defaults = true;
        private String fallback = Category.PERSONAL.label();

        private Builder() {
        }

        /** Adds a rule tried before the built-in ones, after the rules added earlier with this method. */
        public Builder addFirst(CategoryRule rule) {
            before.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Adds a rule tried after the built-in ones and the rules added before it. */
        public Builder add(CategoryRule rule) {
            after.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Leaves the built-in rules out: only the host's rules are tried. */
        public Builder withoutDefaultRules() {
            this.defaults = false;
            return this;
        }

        /** The category when no rule matches; default {@code personal}. */
        public Builder fallback(String category) {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("fallback must not be blank");
            }
            this.fallback = category;
            return this;
        }

        /** The processor. */
        public CategoryProcessor build() {
            List<CategoryRule> all = new ArrayList<>(before);
            if (defaults) {
                all.addAll(DEFAULT_RULES);
            }
            all.addAll(after);
            return new CategoryProcessor(all, fallback);
        }
    }
}
