package io.mailsync.testkit.corpus;

import java.util.List;

/** A MIME entity as the corpus writes it: a leaf with an encoded body, or a multipart of entities. */
sealed interface MimePart permits MimePart.Leaf, MimePart.Multipart {

    /** The entity's own headers (Content-Type, Content-Transfer-Encoding ...). */
    List<Header> headers();

    /**
     * A single-part entity.
     *
     * @param headers its headers
     * @param body    the body already transfer-encoded, CRLF line breaks, no final line break
     */
    record Leaf(List<Header> headers, String body) implements MimePart {
    }

    /**
     * A multipart entity.
     *
     * @param subtype  {@code mixed}, {@code alternative} or {@code related}
     * @param boundary the boundary, unique in the message and absent from every encoded body
     * @param parts    the body parts, in order
     */
    record Multipart(String subtype, String boundary, List<MimePart> parts) implements MimePart {
        @Override
        public List<Header> headers() {
            return List.of(new Header("Content-Type", "multipart/" + subtype + "; boundary=\"" + boundary + "\""));
        }
    }
}
