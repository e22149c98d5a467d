package io.mailsync.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** At least 100 malformed messages of the kinds the issue lists, generated deterministically. */
final class MalformedMail {

    private MalformedMail() {
    }

    static List<byte[]> all() {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            all.add(badCharset(i));
            all.add(unterminatedMultipart(i));
            all.add(missingHeaders(i));
            all.add(eightBitJunkInHeaders(i));
            all.add(wrongTransferEncoding(i));
            all.add(badEncodedWords(i));
            all.add(nestedMessages(1 + i % 20));
        }
        all.add(nestedMessages(20));
        all.add(hugeHeader(10 * 1024 * 1024));
        return all;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] badCharset(int i) {
        return ascii("From: a@example.org\r\nSubject: bad charset " + i + "\r\nMessage-ID: <bad-cs-" + i
                + "@x>\r\nContent-Type: text/plain; charset=\"x-no-such-charset-" + i + "\"\r\n\r\nBody \u00e9\u00e8 "
                + i + "\r\n");
    }

    static byte[] unterminatedMultipart(int i) {
        return ascii("From: a@example.org\r\nSubject: unterminated " + i + "\r\nContent-Type: multipart/mixed; "
                + "boundary=\"b" + i + "\"\r\n\r\n--b" + i + "\r\nContent-Type: text/plain\r\n\r\npart one " + i
                + "\r\n--b" + i + "\r\nContent-Type: application/octet-stream; name=x.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQF" + (i % 2 == 0 ? "" : "\r\n--b" + i));
    }

    static byte[] missingHeaders(int i) {
        return ascii(i % 3 == 0 ? "\r\nno headers at all " + i + "\r\n"
                : i % 3 == 1 ? "Subject: only a subject " + i + "\r\n\r\nbody\r\n"
                : "X-Nothing: " + i + "\r\n\r\n");
    }

    static byte[] eightBitJunkInHeaders(int i) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("From: \"J\u00fcrgen " + i + "\" <j@example.org>\r\nSubject: "));
        for (int b = 0x80; b < 0x80 + 40; b++) {
            out.write(b + i);
        }
        out.writeBytes(ascii("\r\nTo: <broken@@example..org>, ,,\"unterminated\r\nDate: not a date " + i
                + "\r\nMessage-ID: no-angle-brackets-" + i + "\r\n\r\nbody\r\n"));
        return out.toByteArray();
    }

    static byte[] wrongTransferEncoding(int i) {
        String cte = switch (i % 3) {
            case 0 -> "base64";
            case 1 -> "quoted-printable";
            default -> "x-unknown-" + i;
        };
        return ascii("From: a@example.org\r\nSubject: wrong CTE " + i + "\r\nContent-Type: text/plain; charset=utf-8"
                + "\r\nContent-Transfer-Encoding: " + cte + "\r\n\r\n!!!! not base64 = =ZZ =\u00ff " + i + "\r\n");
    }

    static byte[] badEncodedWords(int i) {
        return ascii("From: =?utf-8?B?!!!?= <e@example.org>\r\nSubject: =?x-unknown?Q?Caf=E9?= =?utf-8?Q?broken="
                + i + "\r\nContent-Type: text/html\r\n\r\n<p>encoded words " + i + "</p>\r\n");
    }

    static byte[] nestedMessages(int depth) {
        String inner = "From: inner@example.org\r\nSubject: depth " + depth + "\r\n\r\ninnermost\r\n";
        for (int d = 0; d < depth; d++) {
            inner = "From: level" + d + "@example.org\r\nSubject: level " + d + "\r\nContent-Type: message/rfc822"
                    + "\r\n\r\n" + inner;
        }
        return ascii(inner);
    }

    static byte[] hugeHeader(int bytes) {
        StringBuilder sb = new StringBuilder("From: a@example.org\r\nSubject: huge header\r\nX-Junk: ");
        while (sb.length() < bytes) {
            sb.append("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n ");
        }
        return ascii(sb.append("end\r\n\r\nbody\r\n").toString());
    }
}
