package io.mailsync.imap.internal;

import java.util.Arrays;

/**
 * Quoted-printable decoding of a whole byte array in one pass, for the well-formed input that nearly all mail is:
 * Angus' {@code QPDecoderStream} reads it one byte at a time through two wrapping streams, which made it the largest
 * cost of mapping a page. The result is the stream's, byte for byte: {@code =XY} (hex, either case) is the byte, a
 * soft line break ({@code =} then LF or CRLF) is dropped, a run of spaces before CR, LF or the end is dropped. Input
 * with any other {@code =} (bad hex, a lone CR, the end) gives null, and the caller lets the stream apply its own
 * leniency to it. Stateless.
 */
final class QuotedPrintable {

    private QuotedPrintable() {
    }

    /** The decoded bytes, or null when {@code in} has an {@code =} that is neither an escape nor a soft break. */
    static byte[] decodeWellFormed(byte[] in) {
        byte[] out = new byte[in.length];
        int n = 0;
        int i = 0;
        while (i < in.length) {
            byte c = in[i];
            if (c == ' ') {
                int end = i;
                while (end < in.length && in[end] == ' ') {
                    end++;
                }
                if (end < in.length && in[end] != '\r' && in[end] != '\n') {
                    Arrays.fill(out, n, n + end - i, (byte) ' '); // spaces inside a line are kept
                    n += end - i;
                }
                i = end;
            } else if (c != '=') {
                out[n++] = c;
                i++;
            } else if (i + 1 < in.length && in[i + 1] == '\n') {
                i += 2;
            } else if (i + 2 < in.length && in[i + 1] == '\r' && in[i + 2] == '\n') {
                i += 3;
            } else {
                int hi = i + 2 < in.length ? hex(in[i + 1]) : -1;
                int lo = hi < 0 ? -1 : hex(in[i + 2]);
                if (lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 3;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
