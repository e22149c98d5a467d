package io.mailsync.testkit.corpus;

/**
 * One header field as written: the value is already encoded (ASCII, RFC 2047 where needed) but not yet folded.
 *
 * @param name  the field name as written, e.g. {@code Message-ID}
 * @param value the unfolded, encoded value
 */
record Header(String name, String value) {
}
