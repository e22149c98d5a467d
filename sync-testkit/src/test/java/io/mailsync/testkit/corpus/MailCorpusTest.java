package io.mailsync.testkit.corpus;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsync.core.AccountId;
import io.mailsync.core.AttachmentSummary;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MailCorpusTest {
    private static final MailCorpus CORPUS = MailCorpus.builder().seed(42).owner("Alice Example", "alice@example.com")
            .build();
    private static final List<CorpusMessage> MESSAGES = CORPUS.generate(1_000);

    @Test
    void sameSeedGivesSameCorpus() {
        MailCorpus twin = MailCorpus.builder().seed(42).owner("Alice Example", "alice@example.com").build();

        assertThat(twin.generate(1_000)).isEqualTo(MESSAGES);
    }

    @Test
    void differentSeedsGiveDifferentCorpora() {
        List<CorpusMessage> other = CORPUS.toBuilder().seed(43).build().generate(50);

        assertThat(other).isNotEqualTo(MESSAGES.subList(0, 50));
        assertThat(other.stream().map(CorpusMessage::subject).toList())
                .isNotEqualTo(MESSAGES.subList(0, 50).stream().map(CorpusMessage::subject).toList());
    }

    @Test
    void generateStreamAndIteratorGiveTheSameMessages() {
        List<CorpusMessage> viaIterator = new ArrayList<>();
        CORPUS.iterator(100).forEachRemaining(viaIterator::add);

        assertThat(CORPUS.stream(100).toList()).isEqualTo(CORPUS.generate(100)).isEqualTo(viaIterator);
    }

    @Test
    void rawMessagesUseCrlfLineEndingsOnlyAndStaySevenBit() {
        for (CorpusMessage message : MESSAGES) {
            byte[] raw = message.raw();
            assertThat(firstBadByte(raw)).as("first non-ASCII, NUL, bare CR or bare LF in %s", message).isEqualTo(-1);
            assertThat(text(message)).endsWith("\r\n");
            assertThat(text(message).split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThan(999));
            assertThat(message.size()).isEqualTo(raw.length);
        }
    }

    @Test
    void everyMessageHasHeaderSectionWithMessageIdDateAndFrom() {
        for (CorpusMessage message : MESSAGES) {
            String raw = text(message);
            assertThat(raw).contains("\r\n\r\n");
            Entity entity = Entity.message(raw);
            assertThat(entity.header("message-id")).contains("<" + message.internetMessageId() + ">");
            assertThat(entity.header("mime-version")).contains("1.0");
            assertThat(entity.header("from")).isPresent();
            String date = entity.header("date").orElseThrow();
            assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                    .isEqualTo(message.sentAt());
        }
        assertThat(MESSAGES.stream().map(CorpusMessage::internetMessageId).distinct()).hasSize(MESSAGES.size());
    }

    @Test
    void multipartBoundariesAreBalanced() {
        Pattern declared = Pattern.compile("boundary=\"([^\"]+)\"");
        for (CorpusMessage message : MESSAGES) {
            String raw = text(message);
            Set<String> boundaries = new HashSet<>();
            declared.matcher(raw).results().forEach(r -> boundaries.add(r.group(1)));
            Deque<String> open = new ArrayDeque<>();
            Set<String> closed = new HashSet<>();
            for (String line : raw.split("\r\n")) {
                for (String boundary : boundaries) {
                    if (line.equals("--" + boundary)) {
                        assertThat(closed).as("%s reopens %s", message, boundary).doesNotContain(boundary);
                        if (!boundary.equals(open.peek())) {
                            open.push(boundary);
                        }
                    } else if (line.equals("--" + boundary + "--")) {
                        assertThat(open.peek()).as("%s closes %s out of order", message, boundary).isEqualTo(boundary);
                        closed.add(open.pop());
                    }
                }
            }
            assertThat(open).as("boundaries left open in %s", message).isEmpty();
            assertThat(closed).as("boundaries never used in %s", message).isEqualTo(boundaries);
        }
    }

    @Test
    void repliesReferenceEarlierMessagesOfTheCorpus() {
        Map<String, CorpusMessage> byId = new HashMap<>();
        List<CorpusMessage> replies = new ArrayList<>();
        for (CorpusMessage message : MESSAGES) {
            message.inReplyTo().ifPresent(parentId -> {
                CorpusMessage parent = byId.get(parentId);
                assertThat(parent).as("parent of %s sent earlier", message).isNotNull();
                List<String> chain = new ArrayList<>(parent.references());
                chain.add(parent.internetMessageId());
                assertThat(message.references()).isEqualTo(chain);
                assertThat(message.threadKey()).isEqualTo(parent.threadKey()).isEqualTo(chain.get(0));
                assertThat(message.subject()).matches("(Re|AW): .+").endsWith(baseSubject(parent.subject()));
                assertThat(message.sentAt()).isAfterOrEqualTo(parent.sentAt());
                assertThat(message.textBody().orElseThrow()).contains("\r\n> ");
                Entity entity = Entity.message(text(message));
                assertThat(entity.header("in-reply-to")).contains("<" + parentId + ">");
                assertThat(entity.header("references").orElseThrow().split(" "))
                        .containsExactlyElementsOf(chain.stream().map(id -> "<" + id + ">").toList());
                replies.add(message);
            });
            if (message.inReplyTo().isEmpty()) {
                assertThat(message.references()).isEmpty();
                assertThat(message.threadKey()).isEqualTo(message.internetMessageId());
            }
            byId.put(message.internetMessageId(), message);
        }
        assertThat(replies).hasSizeGreaterThan(100);
        assertThat(replies.stream().filter(r -> r.references().size() >= 3)).hasSizeGreaterThan(5);
    }

    @Test
    void encodedHeadersDecodeToTheExpectedSubjectAndAddresses() {
        for (CorpusMessage message : MESSAGES) {
            Entity entity = Entity.message(text(message));
            assertThat(decodeWords(entity.header("subject").orElseThrow())).isEqualTo(message.subject());
            assertThat(unquote(decodeWords(entity.header("from").orElseThrow())))
                    .isEqualTo(mailboxes(List.of(message.from())));
            assertThat(entity.header("to").map(h -> unquote(decodeWords(h))).orElse(""))
                    .isEqualTo(mailboxes(message.to()));
            assertThat(entity.header("cc").map(h -> unquote(decodeWords(h))).orElse(""))
                    .isEqualTo(mailboxes(message.cc()));
        }
    }

    @Test
    void bodiesAndAttachmentsDecodeToTheExpectedValues() {
        for (CorpusMessage message : MESSAGES) {
            List<Entity> leaves = Entity.message(text(message)).leaves();
            Predicate<Entity> isBody = leaf -> leaf.header("content-disposition").isEmpty();
            assertThat(leaves.stream().filter(isBody).filter(l -> l.mediaType().equals("text/plain"))
                    .findFirst().map(Entity::decodedText)).as("text of %s", message).isEqualTo(message.textBody());
            assertThat(leaves.stream().filter(isBody).filter(l -> l.mediaType().equals("text/html"))
                    .findFirst().map(Entity::decodedText)).as("html of %s", message).isEqualTo(message.htmlBody());
            assertThat(leaves).allSatisfy(leaf -> assertThat(leaf.encodedLinesFit()).as("%s in %s", leaf.headers(),
                    message).isTrue());
            List<AttachmentSummary> attachments = leaves.stream().filter(isBody.negate())
                    .map(Entity::attachmentSummary).toList();
            assertThat(attachments).as("attachments of %s", message).isEqualTo(message.attachments());
        }
    }

    @Test
    void thousandMessagesContainEveryKindOfMail() {
        assertThat(count(m -> m.kind() == MessageKind.REPLY)).isGreaterThan(100);
        assertThat(count(m -> m.from().address().equals("alice@example.com"))).isGreaterThan(50);
        assertThat(count(m -> !m.cc().isEmpty())).isGreaterThan(30);
        assertThat(count(m -> m.to().size() > 1)).isGreaterThan(30);
        assertThat(count(m -> m.attachments().stream().anyMatch(a -> !a.inline()))).isGreaterThan(30);
        assertThat(count(m -> m.attachments().stream().anyMatch(AttachmentSummary::inline))).isGreaterThan(5);
        assertThat(count(m -> m.textBody().isPresent() && m.htmlBody().isPresent())).isGreaterThan(100);
        assertThat(count(m -> m.kind() == MessageKind.NEWSLETTER && m.textBody().isEmpty()
                && m.headers().get("precedence").equals(List.of("bulk"))
                && m.headers().get("list-unsubscribe").get(0).contains("mailto:"))).isGreaterThan(50);
        assertThat(count(m -> m.kind() == MessageKind.NOTIFICATION && m.from().address().matches("no-?reply@.*")
                && m.headers().containsKey("auto-submitted"))).isGreaterThan(50);
        assertThat(count(m -> m.kind() == MessageKind.CALENDAR_INVITE
                && rawContains(m, "Content-Type: text/calendar; charset=\"UTF-8\"; method=REQUEST")
                && m.attachments().stream().anyMatch(a -> a.filename().equals("invite.ics")))).isGreaterThan(20);
        assertThat(count(m -> rawContains(m, "=?UTF-8?B?"))).isGreaterThan(20);
        assertThat(count(m -> rawContains(m, "=?UTF-8?Q?"))).isGreaterThan(20);
        assertThat(count(m -> rawContains(m, "=?ISO-8859-1?Q?"))).isGreaterThan(5);
        assertThat(count(m -> rawContains(m, "charset=\"ISO-8859-1\""))).isGreaterThan(10);
        assertThat(count(m -> rawContains(m, "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
                + "Content-Transfer-Encoding: base64"))).isGreaterThan(10);
        assertThat(count(m -> rawContains(m, "Content-Transfer-Encoding: quoted-printable"))).isGreaterThan(10);
        assertThat(count(m -> rawContains(m, "filename*=UTF-8''"))).isGreaterThan(3);
        assertThat(count(m -> m.subject().codePoints().anyMatch(c -> c >= 0x3040 && c <= 0x9FFF))).isGreaterThan(5);
        assertThat(count(m -> m.subject().codePoints().anyMatch(Character::isSupplementaryCodePoint)))
                .isGreaterThan(5);
        assertThat(count(m -> m.subject().matches(".*[äöüßÄÖÜ].*"))).isGreaterThan(5);
        assertThat(count(m -> m.subject().matches(".*[éèêàçù].*"))).isGreaterThan(5);
    }

    @Test
    void mailFromTheOwnerLandsInSentAndReceivedMailCarriesReceived() {
        for (CorpusMessage message : MESSAGES) {
            boolean sent = message.from().address().equals("alice@example.com");
            Entity entity = Entity.message(text(message));
            assertThat(message.folder().equals(MailCorpus.SENT)).as("%s in Sent", message).isEqualTo(sent);
            assertThat(entity.header("received").isPresent()).as("%s has Received", message).isEqualTo(!sent);
            assertThat(entity.header("return-path").isPresent()).as("%s has Return-Path", message).isEqualTo(!sent);
            if (sent) {
                assertThat(message.flags()).containsExactly("\\Seen");
                assertThat(message.receivedAt()).isEqualTo(message.sentAt());
            } else {
                assertThat(message.to().stream().anyMatch(a -> a.address().equals("alice@example.com"))
                        || message.cc().stream().anyMatch(a -> a.address().equals("alice@example.com"))).isTrue();
                assertThat(message.receivedAt()).isBetween(message.sentAt(), message.sentAt().plusSeconds(300));
            }
        }
        assertThat(MESSAGES.stream().map(CorpusMessage::folder).distinct())
                .containsExactlyInAnyOrder(MailCorpus.INBOX, MailCorpus.SENT, MailCorpus.ARCHIVE);
    }

    @Test
    void datesSpreadOverTheSpanInTheOrderOfTheCorpus() {
        Instant start = MailCorpus.DEFAULT_END.minus(MailCorpus.DEFAULT_SPAN);
        Duration tolerance = MailCorpus.DEFAULT_SPAN.dividedBy(100);

        assertThat(MESSAGES.get(0).sentAt()).isBetween(start, start.plus(tolerance));
        assertThat(MESSAGES.get(MESSAGES.size() - 1).sentAt())
                .isBetween(MailCorpus.DEFAULT_END.minus(tolerance), MailCorpus.DEFAULT_END);
        for (int i = 1; i < MESSAGES.size(); i++) {
            assertThat(MESSAGES.get(i).sentAt()).isAfterOrEqualTo(MESSAGES.get(i - 1).sentAt());
            assertThat(MESSAGES.get(i).index()).isEqualTo(i);
        }
        assertThat(MESSAGES.stream().map(m -> Entity.message(text(m)).header("date").orElseThrow()
                .replaceAll(".* ", "")).distinct()).hasSizeGreaterThan(4);
    }

    @Test
    void toEmailMessageCarriesTheExpectedFields() {
        CorpusMessage reply = MESSAGES.stream().filter(m -> m.isReply() && !m.cc().isEmpty()
                && m.htmlBody().isPresent() && !m.attachments().isEmpty()).findFirst().orElseThrow();
        AccountId account = AccountId.of("acc-1");

        EmailMessage email = reply.toEmailMessage(account, "INBOX/1/42", FolderId.of("INBOX"));

        assertThat(email.accountId()).isEqualTo(account);
        assertThat(email.providerMessageId()).isEqualTo("INBOX/1/42");
        assertThat(email.folderId()).isEqualTo(FolderId.of("INBOX"));
        assertThat(email.internetMessageId()).contains(reply.internetMessageId());
        assertThat(email.threadId()).contains(reply.threadKey());
        assertThat(email.inReplyTo()).isEqualTo(reply.inReplyTo());
        assertThat(email.references()).isEqualTo(reply.references());
        assertThat(email.from()).contains(reply.from());
        assertThat(email.to()).isEqualTo(reply.to());
        assertThat(email.cc()).isEqualTo(reply.cc());
        assertThat(email.subject()).isEqualTo(reply.subject());
        assertThat(email.sentAt()).contains(reply.sentAt());
        assertThat(email.receivedAt()).isEqualTo(reply.receivedAt());
        assertThat(email.flags()).isEqualTo(reply.flags());
        assertThat(email.size()).isEqualTo(reply.size());
        assertThat(email.attachments()).isEqualTo(reply.attachments());
        assertThat(email.hasAttachments()).isTrue();
        assertThat(email.textBody()).isEqualTo(reply.textBody());
        assertThat(email.htmlBody()).isEqualTo(reply.htmlBody());
        assertThat(email.snippet()).hasSizeLessThanOrEqualTo(100).doesNotContain("  ", "\r", "\n")
                .isEqualTo(email.snippet().strip())
                .startsWith(reply.textBody().orElseThrow().lines().findFirst().orElseThrow());
        assertThat(email.header("Message-ID")).containsExactly("<" + reply.internetMessageId() + ">");
        assertThat(email.header("in-reply-to")).containsExactly("<" + reply.inReplyTo().orElseThrow() + ">");
        assertThat(email.header("references")).hasSize(1);

        CorpusMessage newsletter = MESSAGES.stream().filter(m -> m.kind() == MessageKind.NEWSLETTER).findFirst()
                .orElseThrow();
        EmailMessage bulk = newsletter.toEmailMessage(account, "n-1");
        assertThat(bulk.folderId()).isEqualTo(FolderId.of(newsletter.folder()));
        assertThat(bulk.textBody()).isEmpty();
        assertThat(bulk.snippet()).isNotBlank().doesNotContain("<", ">", "  ");
        assertThat(bulk.header("precedence")).containsExactly("bulk");
        assertThat(bulk.header("list-unsubscribe")).singleElement().asString().startsWith("<https://");
    }

    @Test
    void streamsOneHundredThousandMessagesWithoutKeepingThem() {
        IntSummaryStatistics indexes = CORPUS.stream(100_000).mapToInt(CorpusMessage::index).summaryStatistics();

        assertThat(indexes.getCount()).isEqualTo(100_000);
        assertThat(indexes.getMin()).isZero();
        assertThat(indexes.getMax()).isEqualTo(99_999);
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> MailCorpus.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner must be set");
        assertThatThrownBy(() -> MailCorpus.builder().owner("alice at example").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner must be an ASCII address").hasMessageContaining("alice at example");
        assertThatThrownBy(() -> CORPUS.toBuilder().span(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("span must be at least 1s, was PT0S");
        assertThatThrownBy(() -> CORPUS.stream(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be >= 0, was -1");
        assertThat(CORPUS.generate(0)).isEmpty();
    }

    private static int firstBadByte(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            boolean bareCr = raw[i] == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n');
            boolean bareLf = raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r');
            if (raw[i] <= 0 || bareCr || bareLf) {
                return i;
            }
        }
        return -1;
    }

    private static long count(Predicate<CorpusMessage> predicate) {
        return MESSAGES.stream().filter(predicate).count();
    }

    private static String text(CorpusMessage message) {
        return new String(message.raw(), US_ASCII);
    }

    private static boolean rawContains(CorpusMessage message, String text) {
        return text(message).contains(text);
    }

    private static String baseSubject(String subject) {
        return subject.replaceFirst("^(Re|AW): ", "");
    }

    private static String mailboxes(List<EmailAddress> addresses) {
        return addresses.stream().map(a -> a.name().isEmpty() ? a.address() : a.name() + " <" + a.address() + ">")
                .collect(Collectors.joining(", "));
    }

    private static String unquote(String header) {
        return header.replaceAll("\\\\(.)|\"", "$1");
    }

    // ---- RFC 2047 encoded words and quoted-printable, decoded here without the code under test ----

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");

    private static String decodeWords(String value) {
        String joined = value.replaceAll("(\\?=)\\s+(?==\\?)", "$1");
        Matcher word = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (word.find()) {
            Charset charset = Charset.forName(word.group(1));
            byte[] bytes = word.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(word.group(3))
                    : decodeQuotedPrintable(word.group(3).replace('_', ' '));
            word.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, charset)));
        }
        return word.appendTail(out).toString();
    }

    private static byte[] decodeQuotedPrintable(String text) {
        String joined = text.replace("=\r\n", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=') {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A just-enough MIME reader for checking the corpus, independent of the code that writes it. */
    private record Entity(Map<String, String> headers, String body) {

        static Entity message(String raw) {
            Entity entity = parse(raw);
            String body = entity.body().endsWith("\r\n") ? entity.body().substring(0, entity.body().length() - 2)
                    : entity.body();
            return new Entity(entity.headers(), body);
        }

        static Entity parse(String text) {
            int split = text.indexOf("\r\n\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : text.substring(0, split).replaceAll("\r\n(?=[ \t])", "").split("\r\n")) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                headers.putIfAbsent(name, line.substring(colon + 1).strip());
            }
            return new Entity(headers, text.substring(split + 4));
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        String mediaType() {
            return header("content-type").orElse("text/plain").split(";")[0].strip().toLowerCase(Locale.ROOT);
        }

        Optional<String> param(String header, String name) {
            Matcher m = Pattern.compile("(?i);\\s*" + Pattern.quote(name) + "=(\"([^\"]*)\"|[^;\\s]+)")
                    .matcher(header(header).orElse(""));
            return m.find() ? Optional.of(m.group(2) != null ? m.group(2) : m.group(1)) : Optional.empty();
        }

        List<Entity> leaves() {
            if (!mediaType().startsWith("multipart/")) {
                return List.of(this);
            }
            String boundary = param("content-type", "boundary").orElseThrow();
            List<Entity> leaves = new ArrayList<>();
            List<String> current = null;
            for (String line : body.split("\r\n", -1)) {
                boolean delimiter = line.equals("--" + boundary);
                if (delimiter || line.equals("--" + boundary + "--")) {
                    if (current != null) {
                        leaves.addAll(parse(String.join("\r\n", current)).leaves());
                    }
                    current = delimiter ? new ArrayList<>() : null;
                } else if (current != null) {
                    current.add(line);
                }
            }
            return leaves;
        }

        byte[] decoded() {
            return switch (header("content-transfer-encoding").orElse("7bit").toLowerCase(Locale.ROOT)) {
                case "base64" -> Base64.getMimeDecoder().decode(body);
                case "quoted-printable" -> decodeQuotedPrintable(body);
                default -> body.getBytes(US_ASCII);
            };
        }

        /** Quoted-printable and base64 lines keep to 76 characters (RFC 2045); 7bit ones to 998 (RFC 5322). */
        boolean encodedLinesFit() {
            int limit = header("content-transfer-encoding").orElse("7bit").equals("7bit") ? 998 : 76;
            return body.lines().allMatch(line -> line.length() <= limit);
        }

        String decodedText() {
            return new String(decoded(), Charset.forName(param("content-type", "charset").orElse("US-ASCII")));
        }

        AttachmentSummary attachmentSummary() {
            String disposition = header("content-disposition").orElseThrow();
            String filename = param("content-disposition", "filename*")
                    .map(v -> URLDecoder.decode(v.substring(v.indexOf("''") + 2).replace("+", "%2B"), UTF_8))
                    .or(() -> param("content-disposition", "filename")).orElseThrow();
            return new AttachmentSummary(filename, mediaType(), decoded().length, disposition.startsWith("inline"));
        }
    }
}
