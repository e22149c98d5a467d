package io.mailsync.testkit.imap;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * Small, deterministic RFC 5322 messages for IMAP tests (to APPEND), in a few shapes: plain text, multipart/alternative
 * with an RFC 2047 subject, and multipart/mixed with an attachment. Line endings are CRLF. Stateless.
 */
public final class TestMail {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant BASE = Instant.parse("2026-01-01T08:00:00Z");

    private TestMail() {
    }

    /** The Message-ID (without angle brackets) that {@link #message(int)} gives message {@code n}. */
    public static String messageId(int n) {
        return "msg-" + n + "@test.mailsync.io";
    }

    /** The subject that {@link #message(int)} gives message {@code n} (decoded). */
    public static String subject(int n) {
        return switch (Math.floorMod(n, 3)) {
            case 1 -> "Grüße Nr. " + n;
            default -> "Message " + n;
        };
    }

    /** Message {@code n}: plain text, alternative or with an attachment, by {@code n mod 3}; replies to {@code n-1}. */
    public static byte[] message(int n) {
        return switch (Math.floorMod(n, 3)) {
            case 0 -> plain(n);
            case 1 -> alternative(n);
            default -> withAttachment(n);
        };
    }

    /** A plain-text message {@code n}. */
    public static byte[] plain(int n) {
        return (headers(n, "text/plain; charset=UTF-8") + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + "Hello, this is message " + n + ".\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] alternative(int n) {
        String b = "alt-" + n;
        return (headers(n, "multipart/alternative; boundary=\"" + b + "\"") + "\r\n"
                + "--" + b + "\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Gr=FC=DFe, message " + n + ".\r\n"
                + "--" + b + "\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p>Gr\u00fc\u00dfe, message " + n + ".</p>\r\n"
                + "--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withAttachment(int n) {
        String b = "mix-" + n;
        String pdf = Base64.getMimeEncoder().encodeToString(("%PDF-1.4 fake " + n).getBytes(StandardCharsets.US_ASCII));
        return (headers(n, "multipart/mixed; boundary=\"" + b + "\"") + "\r\n"
                + "--" + b + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee the attached report " + n + ".\r\n"
                + "--" + b + "\r\nContent-Type: application/pdf; name=\"report-" + n + ".pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"report-" + n + ".pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "\r\n"
                + "--" + b + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String headers(int n, String contentType) {
        String subject = Math.floorMod(n, 3) == 1
                ? "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject(n).getBytes(StandardCharsets.UTF_8)) + "?="
                : subject(n);
        StringBuilder h = new StringBuilder()
                .append("From: \"Sender ").append(n % 7).append("\" <sender").append(n % 7).append("@example.org>\r\n")
                .append("To: Alice <alice@example.com>\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: ").append(RFC_5322.format(BASE.plusSeconds(60L * n))).append("\r\n")
                .append("Message-ID: <").append(messageId(n)).append(">\r\n");
        if (n > 0) {
            h.append("In-Reply-To: <").append(messageId(n - 1)).append(">\r\n")
                    .append("References: <").append(messageId(n - 1)).append(">\r\n");
        }
        return h.append("MIME-Version: 1.0\r\n").append("Content-Type: ").append(contentType).append("\r\n").toString();
    }
}
