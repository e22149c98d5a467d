package io.mailsync.testkit.corpus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Personal mail: messages that start conversations, and replies to the conversations still open. Keeps at most
 * {@value #MAX_OPEN_THREADS} open threads, so memory stays bounded however long the corpus. Not thread-safe.
 */
final class Conversations {
    private static final int MAX_OPEN_THREADS = 40;

    private final Randoms random;
    private final Cast cast;
    private final List<OpenThread> open = new ArrayList<>();

    /**
     * A conversation that still expects replies; replaced, never changed, after each reply.
     *
     * @param key          the first message's id
     * @param baseSubject  the subject without reply prefix
     * @param language     the language the conversation is held in
     * @param participants everyone on the first message, the owner among them
     * @param lastId       the id of the latest message
     * @param references   the latest message's References chain
     * @param lastFrom     the latest message's sender
     * @param lastSentAt   when the latest message was sent
     * @param lastText     the latest message's plain text, for quoting
     * @param repliesLeft  how many more replies the conversation gets
     */
    private record OpenThread(String key, String baseSubject, Language language, List<Person> participants,
                              String lastId, List<String> references, Person lastFrom, Instant lastSentAt,
                              String lastText, int repliesLeft) {
    }

    Conversations(Randoms random, Cast cast) {
        this.random = random;
        this.cast = cast;
    }

    /** Whether some conversation awaits a reply. */
    boolean hasOpenThreads() {
        return !open.isEmpty();
    }

    /** A message that starts a conversation: from the owner (30%) or from a contact to the owner. */
    Draft start(int index, Instant sentAt) {
        Person first = cast.anyContact(random);
        boolean fromOwner = random.chance(0.3);
        Person from = fromOwner ? cast.owner() : first;
        List<Person> others = random.chance(0.4)
                ? cast.companionsOf(first, random.between(1, 3), List.of(), random) : List.of();
        int inTo = random.between(0, others.size());
        List<Person> to = new ArrayList<>(List.of(fromOwner ? first : cast.owner()));
        to.addAll(others.subList(0, inTo));
        List<Person> cc = others.subList(inTo, others.size());
        Language language = first.language();
        String subject = Phrases.subject(language, random);
        Letter letter = letter(language, from, to.size() == 1 ? to.get(0).greetingName() : "", Optional.empty());
        String id = MessageIds.create(index, sentAt, from.domain(), random);
        if (random.chance(0.65)) {
            remember(new OpenThread(id, subject, language, participants(from, to, cc), id, List.of(), from, sentAt,
                    letter.text(), random.between(1, 6)));
        }
        return new Draft(MessageKind.PERSONAL, id, id, Optional.empty(), List.of(), from, to, cc, subject, sentAt,
                Optional.of(letter.text()), maybeHtml(letter), Optional.empty(), maybeAttachments(0.2), List.of());
    }

    /** A reply to one of the open conversations, recent ones more likely; quotes the previous message. */
    Draft reply(int index, Instant sentAt) {
        int at = pickThread();
        OpenThread thread = open.get(at);
        Person replier = replier(thread);
        Person parent = thread.lastFrom();
        List<Person> cc = new ArrayList<>();
        if (random.chance(0.6)) {
            thread.participants().stream()
                    .filter(p -> !p.sameMailbox(replier) && !p.sameMailbox(parent))
                    .forEach(cc::add);
        }
        if (!cast.isOwner(replier) && !cast.isOwner(parent) && cc.stream().noneMatch(cast::isOwner)) {
            cc.add(cast.owner());
        }
        String who = parent.name().isEmpty() ? parent.address() : parent.name() + " <" + parent.address() + ">";
        Letter.Quote quote = new Letter.Quote(
                Phrases.attribution(thread.language(), thread.lastSentAt().atZone(replier.zone()), who),
                thread.lastText());
        Letter letter = letter(thread.language(), replier, parent.greetingName(), Optional.of(quote));
        String id = MessageIds.create(index, sentAt, replier.domain(), random);
        List<String> references = new ArrayList<>(thread.references());
        references.add(thread.lastId());
        advance(at, thread, new OpenThread(thread.key(), thread.baseSubject(), thread.language(),
                thread.participants(), id, List.copyOf(references), replier, sentAt, letter.text(),
                thread.repliesLeft() - 1));
        String subject = Phrases.replyPrefix(replier.language()) + thread.baseSubject();
        return new Draft(MessageKind.REPLY, id, thread.key(), Optional.of(thread.lastId()), references, replier,
                List.of(parent), cc, subject, sentAt, Optional.of(letter.text()), maybeHtml(letter),
                Optional.empty(), maybeAttachments(0.1), List.of());
    }

    private int pickThread() {
        int size = open.size();
        long back = Math.min(random.below(size), random.below(size)); // favours recent conversations
        return size - 1 - (int) back;
    }

    private Person replier(OpenThread thread) {
        List<Person> candidates = thread.participants().stream()
                .filter(p -> !p.sameMailbox(thread.lastFrom())).toList();
        List<Person> contacts = candidates.stream().filter(p -> !cast.isOwner(p)).toList();
        boolean ownerCanReply = contacts.size() < candidates.size();
        if (contacts.isEmpty() || (ownerCanReply && random.chance(0.4))) {
            return cast.owner();
        }
        return random.pick(contacts);
    }

    private void remember(OpenThread thread) {
        if (open.size() == MAX_OPEN_THREADS) {
            open.remove(0);
        }
        open.add(thread);
    }

    private void advance(int at, OpenThread old, OpenThread next) {
        open.remove(at);
        if (old.repliesLeft() > 1) {
            open.add(next);
        }
    }

    private Letter letter(Language language, Person writer, String addressee, Optional<Letter.Quote> quote) {
        List<String> sentences = Phrases.sentences(language, random.between(1, 6), random);
        List<String> paragraphs = new ArrayList<>();
        String separator = language == Language.JA ? "" : " ";
        for (int from = 0; from < sentences.size(); from += 2) {
            paragraphs.add(String.join(separator, sentences.subList(from, Math.min(from + 2, sentences.size()))));
        }
        return new Letter(Phrases.greeting(language, addressee), paragraphs, Phrases.closing(language, random),
                writer.greetingName(), quote);
    }

    private Optional<String> maybeHtml(Letter letter) {
        return random.chance(0.5) ? Optional.of(letter.html()) : Optional.empty();
    }

    private List<Attachment> maybeAttachments(double chance) {
        if (!random.chance(chance)) {
            return List.of();
        }
        return random.chance(0.8) ? List.of(Payloads.document(random))
                : List.of(Payloads.document(random), Payloads.document(random));
    }

    private static List<Person> participants(Person from, List<Person> to, List<Person> cc) {
        List<Person> all = new ArrayList<>(List.of(from));
        to.forEach(all::add);
        cc.forEach(all::add);
        return List.copyOf(all);
    }
}
