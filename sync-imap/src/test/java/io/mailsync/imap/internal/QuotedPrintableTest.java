package io.mailsync.imap.internal;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedPrintableTest {

    private static byte[] angus(byte[] encoded) throws Exception {
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(encoded), "quoted-printable")) {
            return in.readAllBytes();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesEscapesSoftBreaksAndTrailingSpacesAsAngusDoes() throws Exception {
        byte[] in = ascii("caf=C3=a9 =\r\nsuite   \r\nfin  =\nligne \t \nend   ");

        byte[] decoded = QuotedPrintable.decodeWellFormed(in);

        assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo("café suite\r\nfin  ligne \t\nend");
        assertThat(decoded).isEqualTo(angus(in));
    }

    @Test
    void leavesMalformedEscapesToAngus() {
        for (String bad : new String[] {"a=ZZ", "a=-1", "a=\rb", "end=", "end=4", "=4\n"}) {
            assertThat(QuotedPrintable.decodeWellFormed(ascii(bad))).as(bad).isNull();
        }
    }

    @Test
    void whatAngusEncodesIsDecodedHereAsAngusDecodesIt() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] original = new byte[random.nextInt(400)];
            random.nextBytes(original);
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            try (OutputStream out = MimeUtility.encode(encoded, "quoted-printable")) {
                out.write(original);
            }
            byte[] fast = QuotedPrintable.decodeWellFormed(encoded.toByteArray());
            assertThat(fast).isNotNull().isEqualTo(angus(encoded.toByteArray())); // CR and LF become line breaks
        }
    }

    @Test
    void anyInputIsEitherDecodedExactlyAsAngusDoesOrLeftToIt() throws Exception {
        byte[] alphabet = ascii("= \r\n\tAf3-xZ\u00e9");
        Random random = new Random(7);
        int decodedHere = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] in = new byte[random.nextInt(12)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] fast = QuotedPrintable.decodeWellFormed(in);
            if (fast != null) {
                decodedHere++;
                assertThat(fast).as(new String(in, StandardCharsets.ISO_8859_1)).isEqualTo(angus(in));
            }
        }
        assertThat(decodedHere).isGreaterThan(5_000);
    }
}
