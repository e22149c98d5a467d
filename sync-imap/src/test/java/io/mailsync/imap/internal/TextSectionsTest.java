package io.mailsync.imap.internal;

import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TextSectionsTest {

    private static BODYSTRUCTURE structure(String bodystructure) throws Exception {
        FetchResponse f = new FetchResponse(new IMAPResponse("* 1 FETCH (BODYSTRUCTURE " + bodystructure + ")"),
                null, org.mockito.Mockito.mock(org.eclipse.angus.mail.iap.Protocol.class)); // not strict
        return f.getItem(BODYSTRUCTURE.class);
    }

    @Test
    void findsTheAlternativePartsInsideAMixedMessageAndSkipsTheAttachment() throws Exception {
        BODYSTRUCTURE bs = structure("(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 10 1)"
                + "(\"text\" \"html\" (\"charset\" \"iso-8859-1\") NIL NIL \"base64\" 20 1) \"alternative\")"
                + "(\"text\" \"plain\" (\"name\" \"notes.txt\") NIL NIL \"7bit\" 5 1 NIL (\"attachment\" "
                + "(\"filename\" \"notes.txt\"))) \"mixed\")");

        TextSections.Plan plan = TextSections.plan(bs);

        assertThat(plan.numbers()).isEqualTo("1.1 1.2");
        MimeContent.Bodies bodies = plan.decode(Map.of(
                "1.1", "caf=C3=A9 ok".getBytes(StandardCharsets.US_ASCII),
                "1.2", "PHA+Y2Fm6TwvcD4=\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(bodies.text()).contains("café ok");
        assertThat(bodies.html()).contains("<p>café</p>");
    }

    @Test
    void aSinglePartMessageIsPartOne() throws Exception {
        BODYSTRUCTURE bs = structure("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 1)");

        TextSections.Plan plan = TextSections.plan(bs);

        assertThat(plan.numbers()).isEqualTo("1");
        assertThat(plan.decode(Map.of("1", "hello".getBytes(StandardCharsets.US_ASCII))).text()).contains("hello");
    }

    @Test
    void anAttachmentOnlyMessageNeedsNoFetch() throws Exception {
        BODYSTRUCTURE bs = structure("(\"application\" \"pdf\" NIL NIL NIL \"base64\" 100 NIL (\"attachment\" "
                + "(\"filename\" \"a.pdf\")) NIL)");

        assertThat(TextSections.plan(bs).numbers()).isEmpty();
    }

    @Test
    void brokenEncodingsAndUnknownCharsetsKeepTheBytes() {
        TextSections.Section badBase64 = new TextSections.Section("1", "base64", "x-no-such-charset");
        TextSections.Section unknownEncoding = new TextSections.Section("1", "x-uuencode-ish", null);

        assertThat(TextSections.decodeSection(badBase64, "not base64 at all!".getBytes(StandardCharsets.US_ASCII)))
                .isPresent();
        assertThat(TextSections.decodeSection(unknownEncoding, "plain".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Optional.of("plain"));
    }
}
