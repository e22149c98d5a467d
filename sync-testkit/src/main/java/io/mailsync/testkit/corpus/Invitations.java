package io.mailsync.testkit.corpus;

import static io.mailsync.testkit.corpus.MimeEncoding.CRLF;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Meeting invitations as calendar servers send them: {@code multipart/alternative} of text, HTML and
 * {@code text/calendar; method=REQUEST}, plus the same iCalendar object (RFC 5545) as an {@code invite.ics}
 * attachment. Not thread-safe.
 */
final class Invitations {
    private static final DateTimeFormatter ICS_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EN_WHEN =
            DateTimeFormatter.ofPattern("EEE MMM d, yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DE_WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.ROOT);
    private static final DateTimeFormatter FR_WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT);
    private static final DateTimeFormatter JA_WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT);
    private static final String VIDEO_CALL = "https://meet.example.com/abc-defg-hij";
    private static final int ICS_LINE_OCTETS = 75;

    private final Randoms random;
    private final Cast cast;

    Invitations(Randoms random, Cast cast) {
        this.random = random;
        this.cast = cast;
    }

    /** An invitation from a contact to the owner and up to three others, for a meeting in the next two weeks. */
    Draft next(int index, Instant sentAt) {
        Person organizer = cast.anyContact(random);
        List<Person> guests = new ArrayList<>(List.of(cast.owner()));
        guests.addAll(cast.companionsOf(organizer, random.between(0, 3), List.of(), random));
        Language language = organizer.language();
        String title = title(language);
        String location = random.chance(0.3) ? VIDEO_CALL : room(language);
        ZonedDateTime start = sentAt.atZone(organizer.zone()).plusDays(random.between(1, 14))
                .withHour(random.between(8, 17)).truncatedTo(ChronoUnit.HOURS);
        ZonedDateTime end = start.plusMinutes(random.chance(0.5) ? 30 : 60);
        String when = when(language, start) + " (" + organizer.zone().getId() + ")";
        String subject = prefix(language) + title + " @ " + when;
        String id = MessageIds.create(index, sentAt, organizer.domain(), random);
        String ics = ics(id, sentAt, organizer, guests, title, location, start, end);
        String text = String.join(CRLF, "You have been invited to the following event.", "",
                "Title: " + title, "When: " + when, "Where: " + location,
                "Organizer: " + organizer.address(), "Guests: " + guests.size(), "",
                "Reply for " + cast.owner().address() + ": Yes / Maybe / No");
        String html = String.join(CRLF, "<html>", "<body>", "<h3>" + Html.escape(title) + "</h3>",
                "<p><b>When</b>: " + Html.escape(when) + "<br>", "<b>Where</b>: " + Html.escape(location) + "<br>",
                "<b>Organizer</b>: " + Html.escape(organizer.address()) + "</p>",
                "<p><a href=\"https://calendar.example.com/rsvp?eid=" + random.hex(20) + "\">Yes</a> / Maybe / No</p>",
                "</body>", "</html>");
        Attachment file = Attachment.of("invite.ics", "application/ics", ics.getBytes(StandardCharsets.UTF_8));
        return new Draft(MessageKind.CALENDAR_INVITE, id, id, Optional.empty(), List.of(), organizer, guests,
                List.of(), subject, sentAt, Optional.of(text), Optional.of(html), Optional.of(ics), List.of(file),
                List.of());
    }

    private String title(Language language) {
        return random.pick(switch (language) {
            case EN -> List.of("Project sync", "1:1 catch-up", "Quarterly review", "Design review");
            case DE -> List.of("Abstimmung Projekt Süd", "Jour fixe", "Budgetbesprechung");
            case FR -> List.of("Point d'équipe", "Revue trimestrielle", "Atelier de conception");
            case JA -> List.of("定例会議", "プロジェクト進捗確認");
        });
    }

    private static String room(Language language) {
        return switch (language) {
            case EN -> "Room 3.14";
            case DE -> "Konferenzraum Zugspitze";
            case FR -> "Salle Émile Zola";
            case JA -> "会議室A";
        };
    }

    private static String prefix(Language language) {
        return switch (language) {
            case EN -> "Invitation: ";
            case DE -> "Einladung: ";
            case FR -> "Invitation : ";
            case JA -> "招待: ";
        };
    }

    private static String when(Language language, ZonedDateTime start) {
        return (switch (language) {
            case EN -> EN_WHEN;
            case DE -> DE_WHEN;
            case FR -> FR_WHEN;
            case JA -> JA_WHEN;
        }).format(start);
    }

    private static String ics(String id, Instant sentAt, Person organizer, List<Person> guests, String title,
                              String location, ZonedDateTime start, ZonedDateTime end) {
        List<String> lines = new ArrayList<>(List.of("BEGIN:VCALENDAR", "PRODID:-//mailsync//corpus//EN",
                "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:REQUEST", "BEGIN:VEVENT",
                "DTSTART:" + ICS_TIME.format(start), "DTEND:" + ICS_TIME.format(end),
                "DTSTAMP:" + ICS_TIME.format(sentAt),
                "ORGANIZER;CN=" + cn(organizer) + ":mailto:" + organizer.address(),
                "UID:" + id.substring(0, id.indexOf('@')) + "@calendar." + organizer.domain()));
        for (Person guest : guests) {
            lines.add("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="
                    + cn(guest) + ";X-NUM-GUESTS=0:mailto:" + guest.address());
        }
        lines.addAll(List.of("SUMMARY:" + text(title), "LOCATION:" + text(location), "SEQUENCE:0",
                "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"));
        StringBuilder out = new StringBuilder();
        lines.forEach(line -> out.append(fold(line)).append(CRLF));
        return out.toString();
    }

    private static String cn(Person person) {
        return '"' + (person.name().isEmpty() ? person.address() : person.name()) + '"';
    }

    private static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,");
    }

    /** RFC 5545 3.1 folding: lines of at most 75 octets, never splitting a UTF-8 sequence. */
    private static String fold(String line) {
        StringBuilder out = new StringBuilder();
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > ICS_LINE_OCTETS) {
                out.append(CRLF).append(' ');
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
