package io.mailsync.testkit.corpus;

import static io.mailsync.testkit.corpus.MimeEncoding.CRLF;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTML-only bulk newsletters with the headers of mailing lists: {@code List-Id}, one-click
 * {@code List-Unsubscribe} (RFC 8058) and {@code Precedence: bulk}. Not thread-safe (shares the generator's random).
 */
final class Newsletters {

    /**
     * A newsletter that writes to the owner.
     *
     * @param sender      the From
     * @param listId      the List-Id value
     * @param subjectForm the subject with {@code %s} for the lead headline
     * @param intro       the first paragraph
     * @param unsubscribe the unsubscribe link's label
     * @param headlines   the articles it may feature
     */
    private record Newsletter(Person sender, String listId, String subjectForm, String intro, String unsubscribe,
                              List<String> headlines) {
    }

    private static final List<Newsletter> NEWSLETTERS = List.of(
            new Newsletter(sender("Tech Weekly", "newsletter@news.techweekly.example.com", Language.EN),
                    "Tech Weekly <weekly.news.techweekly.example.com>", "This week in tech: %s",
                    "Here are the stories our readers liked most this week.", "Unsubscribe",
                    List.of("Why Rust is eating the backend", "A gentle introduction to CRDTs",
                            "Postgres 17: what's new", "The cost of a cache miss", "Building resilient webhooks",
                            "Java 21 virtual threads in production")),
            new Newsletter(sender("Der Gartenbrief", "post@gartenbrief.example.net", Language.DE),
                    "Gartenbrief <gartenbrief.example.net>", "Neu im Gartenbrief: %s",
                    "Liebe Gartenfreunde, hier sind die Tipps für die kommenden Wochen.", "Abmelden",
                    List.of("Tomaten richtig ausgeizen", "Frühblüher für schattige Ecken", "Kompost in fünf Schritten",
                            "Gießen im Hochsommer", "Die schönsten Gärten Österreichs")),
            new Newsletter(sender("Le Petit Gourmet", "lettre@petitgourmet.example.org", Language.FR),
                    "Le Petit Gourmet <lettre.petitgourmet.example.org>", "Cette semaine : %s",
                    "Chers gourmets, voici nos coups de cœur de la semaine.", "Se désabonner",
                    List.of("La vraie recette de la ratatouille", "Cinq fromages à découvrir",
                            "Crème brûlée : les secrets du chef", "Où manger à Lyon ?",
                            "Le pain au levain, pas à pas")),
            new Newsletter(sender("Travel Deals ✈", "deals@mail.travel.example.com", Language.EN),
                    "Travel Deals <deals.travel.example.com>", "%s – only this weekend",
                    "Pack your bags: these fares end on Sunday night.", "Unsubscribe",
                    List.of("Lisbon from €49", "Weekend in Kyoto ⛩", "Reykjavík under the northern lights",
                            "Last-minute Mallorca deals", "Zürich city break")));

    private final Randoms random;
    private final Cast cast;

    Newsletters(Randoms random, Cast cast) {
        this.random = random;
        this.cast = cast;
    }

    /** An issue of one of the newsletters, to the owner alone. */
    Draft issue(int index, Instant sentAt) {
        Newsletter newsletter = random.pick(NEWSLETTERS);
        List<String> featured = random.some(newsletter.headlines(), 3, List.of());
        String lead = featured.get(0);
        String subject = (newsletter.sender().language() == Language.EN && random.chance(0.4) ? "🚀 " : "")
                + String.format(Locale.ROOT, newsletter.subjectForm(), lead);
        String domain = newsletter.sender().domain();
        String token = random.hex(16);
        String unsubscribeUrl = "https://" + domain + "/unsubscribe/" + token;
        List<Header> headers = List.of(
                new Header("List-Id", newsletter.listId()),
                new Header("List-Unsubscribe",
                        "<" + unsubscribeUrl + ">, <mailto:unsubscribe+" + token + "@" + domain + ">"),
                new Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                new Header("Precedence", "bulk"));
        String id = MessageIds.create(index, sentAt, domain, random);
        String html = html(newsletter, featured, unsubscribeUrl, token);
        return new Draft(MessageKind.NEWSLETTER, id, id, Optional.empty(), List.of(), newsletter.sender(),
                List.of(cast.owner()), List.of(), subject, sentAt, Optional.empty(), Optional.of(html),
                Optional.empty(), List.of(), headers);
    }

    private static String html(Newsletter newsletter, List<String> featured, String unsubscribeUrl, String token) {
        String domain = newsletter.sender().domain();
        List<String> lines = new ArrayList<>(List.of(
                "<!DOCTYPE html>",
                "<html lang=\"" + newsletter.sender().language().name().toLowerCase(Locale.ROOT) + "\">",
                "<head>",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "<title>" + Html.escape(newsletter.sender().name()) + "</title>",
                "<style>body{font-family:Arial,sans-serif;color:#222}h2 a{color:#0b5cad}</style>",
                "</head>",
                "<body>",
                "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">",
                "<tr><td><h1>" + Html.escape(newsletter.sender().name()) + "</h1></td></tr>",
                "<tr><td><p>" + Html.escape(newsletter.intro()) + "</p></td></tr>"));
        for (int i = 0; i < featured.size(); i++) {
            lines.add("<tr><td><h2><a href=\"https://" + domain + "/a/" + (i + 1) + "?utm_source=newsletter"
                    + "&amp;utm_medium=email\">" + Html.escape(featured.get(i)) + "</a></h2></td></tr>");
        }
        lines.add("<tr><td><p style=\"font-size:12px;color:#888\"><a href=\"" + unsubscribeUrl + "\">"
                + Html.escape(newsletter.unsubscribe()) + "</a></p></td></tr>");
        lines.add("</table>");
        lines.add("<img src=\"https://" + domain + "/open/" + token + ".gif\" width=\"1\" height=\"1\" alt=\"\">");
        lines.add("</body>");
        lines.add("</html>");
        return String.join(CRLF, lines);
    }

    private static Person sender(String name, String address, Language language) {
        return new Person(name, address, name, language, ZoneOffset.UTC);
    }
}
