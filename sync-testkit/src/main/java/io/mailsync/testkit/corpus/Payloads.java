package io.mailsync.testkit.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * Small but well-formed attachment contents: a one-page PDF, an RGB PNG and a CSV export. The PNG's zlib stream
 * uses stored blocks, so its bytes do not depend on the platform's zlib.
 */
final class Payloads {
    private static final List<String> PDF_NAMES = List.of("Q3-report.pdf", "proposal_v2.pdf",
            "Rechnung_2024-0413.pdf", "Prüfbericht.pdf", "présentation client.pdf", "見積書.pdf");
    private static final List<String> PNG_NAMES = List.of("screenshot.png", "diagram.png",
            "Bildschirmfoto 2024-03-12.png", "schéma.png");
    private static final List<String> CSV_NAMES = List.of("export.csv", "budget-2024.csv", "Umsätze.csv",
            "données.csv");
    private static final List<String> CSV_ITEMS = List.of("Office supplies", "Café Müller", "Büromaterial",
            "Train Paris–Lyon", "Software licence", "Hôtel de la Gare", "Taxi", "東京 出張");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private Payloads() {
    }

    /** A document as people attach them: a PDF, a screenshot or a spreadsheet export. */
    static Attachment document(Randoms random) {
        return switch (random.between(0, 2)) {
            case 0 -> pdfAttachment(random.pick(PDF_NAMES), random);
            case 1 -> Attachment.of(random.pick(PNG_NAMES), "image/png", png(random));
            default -> Attachment.of(random.pick(CSV_NAMES), "text/csv", csv(random));
        };
    }

    /** A PDF attachment named {@code filename} whose page shows the name. */
    static Attachment pdfAttachment(String filename, Randoms random) {
        return Attachment.of(filename, "application/pdf", pdf(filename, random));
    }

    /** A valid one-page PDF 1.4 with a title line and some numbered lines of figures. */
    static byte[] pdf(String title, Randoms random) {
        StringBuilder content = new StringBuilder("BT /F1 18 Tf 72 770 Td (" + pdfText(title) + ") Tj ET\n");
        int lines = random.between(5, 40);
        for (int i = 0; i < lines; i++) {
            content.append(String.format(Locale.ROOT, "BT /F1 10 Tf 72 %d Td (Line %d: %d.%02d) Tj ET\n",
                    740 - 16 * i, i + 1, random.between(10, 99_999), random.between(0, 99)));
        }
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 0; i < objects.size(); i++) {
            xref.append(String.format(Locale.ROOT, "%010d 00000 n \n", pdf.length()));
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int start = pdf.length();
        pdf.append(xref).append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\n")
                .append("startxref\n").append(start).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String pdfText(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (c == '(' || c == ')' || c == '\\') {
                out.append('\\').append((char) c);
            } else {
                out.append(c < 0x80 ? (char) c : '?');
            }
        });
        return out.toString();
    }

    /** A valid PNG, 8 to 32 pixels square, RGB, in blocks of colour. */
    static byte[] png(Randoms random) {
        int size = random.between(8, 32);
        int[] palette = {random.between(0, 0xFFFFFF), random.between(0, 0xFFFFFF), random.between(0, 0xFFFFFF)};
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        for (int y = 0; y < size; y++) {
            pixels.write(0); // filter type None
            for (int x = 0; x < size; x++) {
                int rgb = palette[(x / 4 + y / 4) % palette.length];
                pixels.write(rgb >> 16);
                pixels.write(rgb >> 8);
                pixels.write(rgb);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        chunk(png, "IHDR", new byte[] {0, 0, 0, (byte) size, 0, 0, 0, (byte) size, 8, 2, 0, 0, 0});
        chunk(png, "IDAT", storedZlib(pixels.toByteArray()));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        writeInt(out, (int) crc.getValue());
    }

    /** A zlib stream of uncompressed deflate blocks (RFC 1950/1951); the data must be under 64 KiB. */
    private static byte[] storedZlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0x01);
        out.write(1); // BFINAL, BTYPE=00 (stored)
        out.write(data.length & 0xFF);
        out.write(data.length >> 8);
        out.write(~data.length & 0xFF);
        out.write((~data.length >> 8) & 0xFF);
        out.writeBytes(data);
        Adler32 adler = new Adler32();
        adler.update(data);
        writeInt(out, (int) adler.getValue());
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    /** A UTF-8 CSV export with a header row and CRLF line breaks. */
    static byte[] csv(Randoms random) {
        StringBuilder csv = new StringBuilder("date,description,amount,currency\r\n");
        LocalDate date = LocalDate.of(2024, 1, 2).plusDays(random.between(0, 300));
        int rows = random.between(3, 60);
        for (int i = 0; i < rows; i++) {
            csv.append(date.plusDays(i)).append(',').append('"').append(random.pick(CSV_ITEMS)).append('"')
                    .append(',').append(random.between(1, 2_000)).append('.').append(random.between(10, 99))
                    .append(",EUR\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
