package io.mailsync.testkit.corpus;

import io.mailsync.core.EmailAddress;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The people of the corpus: the mailbox owner and a fixed set of contacts in four languages, with display names
 * that need RFC 2047 (umlauts, accents, Japanese, an emoji), one that needs quoting and one bare address.
 */
final class Cast {
    private static final ZoneId OWNER_ZONE = ZoneId.of("Europe/Berlin");
    private static final List<Person> CONTACTS = List.of(
            person("Bob Smith", "bob.smith@example.com", "Bob", Language.EN, "America/New_York"),
            person("Carol Jones", "carol.jones@example.org", "Carol", Language.EN, "Europe/London"),
            person("Dave O'Brien", "dave@obrien.example.net", "Dave", Language.EN, "Europe/Dublin"),
            person("Smith, Erin", "erin.smith@example.com", "Erin", Language.EN, "America/Los_Angeles"),
            person("Grace Lee", "grace.lee@example.net", "Grace", Language.EN, "Australia/Sydney"),
            person("Zoë 🌻 Hart", "zoe@example.org", "Zoë", Language.EN, "America/Chicago"),
            person("", "ops-team@example.com", "Ops team", Language.EN, "UTC"),
            person("Jürgen Müller", "juergen.mueller@mueller-gmbh.example.net", "Jürgen", Language.DE,
                    "Europe/Berlin"),
            person("Anna Schäfer", "a.schaefer@example.net", "Anna", Language.DE, "Europe/Vienna"),
            person("Björn Groß", "bjoern.gross@example.org", "Björn", Language.DE, "Europe/Berlin"),
            person("Lukas Becker", "lukas.becker@mueller-gmbh.example.net", "Lukas", Language.DE, "Europe/Zurich"),
            person("Françoise Lefèvre", "francoise.lefevre@atelier.example.org", "Françoise",
                    Language.FR, "Europe/Paris"),
            person("Chloé Dubois", "chloe.dubois@example.net", "Chloé", Language.FR, "Europe/Paris"),
            person("Hélène Moreau", "helene@atelier.example.org", "Hélène", Language.FR,
                    "America/Montreal"),
            person("Marc Petit", "marc.petit@example.org", "Marc", Language.FR, "Europe/Brussels"),
            person("山田太郎", "taro.yamada@tokyo.example.com", "山田", Language.JA,
                    "Asia/Tokyo"),
            person("佐藤花子", "hanako.sato@tokyo.example.com", "佐藤", Language.JA,
                    "Asia/Tokyo"),
            person("鈴木一郎", "ichiro.suzuki@osaka.example.com", "鈴木", Language.JA,
                    "Asia/Tokyo"));

    private final Person owner;
    private final List<Person> contacts;

    /** The cast around {@code owner}; a contact with the owner's address is left out. */
    Cast(EmailAddress owner) {
        this.owner = new Person(owner.name(), owner.address(), greetingName(owner), Language.EN, OWNER_ZONE);
        this.contacts = CONTACTS.stream().filter(c -> !c.sameMailbox(this.owner)).toList();
    }

    /** The mailbox owner. */
    Person owner() {
        return owner;
    }

    /** Whether {@code person} is the owner. */
    boolean isOwner(Person person) {
        return person.sameMailbox(owner);
    }

    /** Any contact. */
    Person anyContact(Randoms random) {
        return random.pick(contacts);
    }

    /** Up to {@code count} further contacts, mostly of {@code first}'s language, never in {@code excluded}. */
    List<Person> companionsOf(Person first, int count, Collection<Person> excluded, Randoms random) {
        List<Person> pool = random.chance(0.7)
                ? contacts.stream().filter(c -> c.language() == first.language()).toList()
                : contacts;
        List<Person> without = pool.stream().filter(c -> !c.sameMailbox(first)).toList();
        return random.some(without, count, excluded);
    }

    private static Person person(String name, String address, String greeting, Language language, String zone) {
        return new Person(name, address, greeting, language, ZoneId.of(zone));
    }

    private static String greetingName(EmailAddress owner) {
        if (!owner.name().isBlank()) {
            return owner.name().strip().split("\\s+")[0];
        }
        String local = owner.address().substring(0, owner.address().indexOf('@'));
        return local.substring(0, 1).toUpperCase(Locale.ROOT) + local.substring(1);
    }
}
