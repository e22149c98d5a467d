package io.mailsync.testkit.corpus;

import static io.mailsync.testkit.corpus.MimeEncoding.CRLF;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Automated mail from {@code noreply@} senders: CI runs, sign-in alerts, shipping notices and invoices (with a PDF).
 * Plain text, or text and HTML, sometimes with an inline logo ({@code multipart/related}). Not thread-safe.
 */
final class Notifications {
    private static final Person CODEHUB = sender("CodeHub", "noreply@codehub.example.com", Language.EN);
    private static final Person BANK = sender("Example Bank", "no-reply@alerts.bank.example.com", Language.EN);
    private static final Person SHOP = sender("Example Shop", "noreply@shop.example.org", Language.EN);
    private static final Person UTILITY = sender("Stadtwerke Musterstadt", "noreply@stadtwerke.example.net",
            Language.DE);
    private static final List<String> DEVICES = List.of("Firefox on Linux", "Safari on iPhone", "Chrome on Windows");
    private static final List<String> PLACES = List.of("Berlin, Germany", "Paris, France", "Zürich, Switzerland",
            "São Paulo, Brazil");

    /**
     * A notification's content before it becomes a draft.
     *
     * @param sender      who sends it
     * @param subject     the subject
     * @param text        the plain text
     * @param attachments files it carries
     */
    private record Notice(Person sender, String subject, String text, List<Attachment> attachments) {
    }

    private final Randoms random;
    private final Cast cast;

    Notifications(Randoms random, Cast cast) {
        this.random = random;
        this.cast = cast;
    }

    /** One notification to the owner. */
    Draft next(int index, Instant sentAt) {
        Notice notice = switch (random.between(0, 3)) {
            case 0 -> ciRun();
            case 1 -> signIn(sentAt);
            case 2 -> shipped(sentAt);
            default -> invoice(sentAt);
        };
        String id = MessageIds.create(index, sentAt, notice.sender().domain(), random);
        List<Attachment> attachments = new ArrayList<>();
        Optional<String> html = Optional.empty();
        if (random.chance(0.7)) {
            Optional<Attachment> logo = random.chance(0.5) ? Optional.of(logo(notice.sender())) : Optional.empty();
            logo.ifPresent(attachments::add);
            html = Optional.of(html(notice, logo));
        }
        attachments.addAll(notice.attachments());
        return new Draft(MessageKind.NOTIFICATION, id, id, Optional.empty(), List.of(), notice.sender(),
                List.of(cast.owner()), List.of(), notice.subject(), sentAt, Optional.of(notice.text()), html,
                Optional.empty(), attachments, List.of(new Header("Auto-Submitted", "auto-generated")));
    }

    private Notice ciRun() {
        boolean passed = random.chance(0.7);
        String commit = random.hex(7);
        long run = 1_000_000 + random.below(9_000_000);
        String text = lines(
                "The workflow run CI on branch main " + (passed ? "succeeded" : "failed") + ".",
                "",
                "Commit: " + commit,
                "Duration: " + random.between(1, 14) + "m " + random.between(0, 59) + "s",
                "",
                "View the run: https://codehub.example.com/acme/mailsync/actions/runs/" + run,
                "",
                "-- ",
                "You are receiving this because you are watching this repository.");
        String subject = "[acme/mailsync] Run " + (passed ? "succeeded" : "failed") + ": CI - main (" + commit + ")";
        return new Notice(CODEHUB, subject, text, List.of());
    }

    private Notice signIn(Instant sentAt) {
        String text = lines(
                "We noticed a new sign-in to your account.",
                "",
                "Device: " + random.pick(DEVICES),
                "Location: " + random.pick(PLACES),
                "Time: " + sentAt.atOffset(ZoneOffset.UTC).toLocalDateTime() + " UTC",
                "",
                "If this was you, you don't need to do anything. If not, secure your account:",
                "https://bank.example.com/security");
        return new Notice(BANK, "New sign-in to your account", text, List.of());
    }

    private Notice shipped(Instant sentAt) {
        int order = random.between(100_000, 999_999);
        LocalDate delivery = sentAt.atZone(ZoneId.of("Europe/Berlin")).toLocalDate().plusDays(random.between(1, 4));
        String text = lines(
                "Good news! Your order #" + order + " is on its way.",
                "",
                "Carrier: " + random.pick(List.of("DHL", "UPS", "La Poste")),
                "Tracking number: " + random.hex(12).toUpperCase(Locale.ROOT),
                "Expected delivery: " + delivery,
                "",
                "Track your parcel: https://shop.example.org/orders/" + order + "/tracking");
        return new Notice(SHOP, "Your order #" + order + " has shipped 📦", text, List.of());
    }

    private Notice invoice(Instant sentAt) {
        LocalDate date = sentAt.atZone(ZoneId.of("Europe/Berlin")).toLocalDate();
        String number = date.getYear() + "-" + random.between(10_000, 99_999);
        String amount = random.between(30, 400) + "," + String.format(Locale.ROOT, "%02d", random.between(0, 99));
        String text = lines(
                "Guten Tag,",
                "",
                "Ihre Rechnung Nr. " + number + " über " + amount + " € für den " + date.getMonthValue() + ". Monat "
                        + date.getYear() + " steht für Sie bereit. Sie finden sie im Anhang dieser E-Mail.",
                "",
                "Der Betrag wird am " + date.plusDays(14) + " von Ihrem Konto abgebucht.",
                "",
                "Mit freundlichen Grüßen",
                "Ihre Stadtwerke Musterstadt",
                "",
                "Diese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht darauf.");
        Attachment pdf = Payloads.pdfAttachment("Rechnung_" + number + ".pdf", random);
        return new Notice(UTILITY, "Ihre Rechnung " + number + " ist verfügbar", text, List.of(pdf));
    }

    private Attachment logo(Person sender) {
        String contentId = "logo." + random.hex(8) + "@" + sender.domain();
        return new Attachment("logo.png", "image/png", Payloads.png(random), true, contentId);
    }

    private static String html(Notice notice, Optional<Attachment> logo) {
        List<String> lines = new ArrayList<>(List.of("<html>", "<body style=\"margin:0;padding:0\">",
                "<table width=\"600\" align=\"center\" cellpadding=\"16\"><tr><td>"));
        logo.ifPresent(l -> lines.add("<img src=\"cid:" + l.contentId() + "\" alt=\"" + Html.escape(
                notice.sender().name()) + "\" width=\"32\" height=\"32\">"));
        lines.add("<h2>" + Html.escape(notice.subject()) + "</h2>");
        for (String paragraph : notice.text().split(CRLF + CRLF)) {
            lines.add("<p>" + Html.escape(paragraph).replace(CRLF, "<br>" + CRLF) + "</p>");
        }
        lines.addAll(List.of("</td></tr></table>", "</body>", "</html>"));
        return String.join(CRLF, lines);
    }

    private static String lines(String... lines) {
        return String.join(CRLF, lines);
    }

    private static Person sender(String name, String address, Language language) {
        return new Person(name, address, name, language, ZoneOffset.UTC);
    }
}
