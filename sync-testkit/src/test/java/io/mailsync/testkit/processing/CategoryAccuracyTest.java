package io.mailsync.testkit.processing;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.processing.Category;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;
import io.mailsync.testkit.corpus.MessageKind;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in category rules measured on 2,000 labelled corpus messages. The corpus labels its kinds; its
 * {@code NOTIFICATION}s include shipping notices and invoices, which the rules call {@code transactional} (a finer label
 * the corpus does not make), so for that kind both labels count as right. The confusion matrix is printed.
 */
class CategoryAccuracyTest {

    private static final AccountId ACCOUNT = AccountId.of("alice");
    private static final SyncOptions OPTIONS = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT)
            .userId("u").email("alice@example.com").build();
    private static final Map<MessageKind, Set<String>> EXPECTED = Map.of(
            MessageKind.PERSONAL, Set.of(Category.PERSONAL.label()),
            MessageKind.REPLY, Set.of(Category.PERSONAL.label()),
            MessageKind.NEWSLETTER, Set.of(Category.NEWSLETTER.label()),
            MessageKind.NOTIFICATION, Set.of(Category.NOTIFICATION.label(), Category.TRANSACTIONAL.label()),
            MessageKind.CALENDAR_INVITE, Set.of(Category.CALENDAR.label()));

    @Test
    void builtInRulesClassifyAtLeast97PercentOfTheLabelledCorpusRightInEveryKind() {
        MailCorpus corpus = MailCorpus.builder().seed(7).owner("Alice Example", "alice@example.com").build();
        List<CorpusMessage> messages = corpus.generate(2_000);
        CategoryProcessor rules = CategoryProcessor.defaults();
        Map<MessageKind, Map<String, Integer>> confusion = new EnumMap<>(MessageKind.class);
        Map<MessageKind, int[]> perKind = new EnumMap<>(MessageKind.class); // right, total
        int right = 0;
        for (CorpusMessage c : messages) {
            EmailMessage m = c.toEmailMessage(ACCOUNT, "m" + c.index());
            String got = rules.classify(m, OPTIONS).category();
            confusion.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(got, 1, Integer::sum);
            boolean ok = EXPECTED.get(c.kind()).contains(got);
            int[] counts = perKind.computeIfAbsent(c.kind(), k -> new int[2]);
            counts[1]++;
            if (ok) {
                counts[0]++;
                right++;
            }
        }
        double accuracy = right / (double) messages.size();
        System.out.printf("category accuracy on %d corpus messages: %.2f%%%n", messages.size(), 100 * accuracy);
        confusion.forEach((kind, got) -> System.out.printf("  %-16s -> %s%n", kind, got));

        assertThat(perKind.keySet()).containsExactlyInAnyOrder(MessageKind.values());
        assertThat(accuracy).isGreaterThanOrEqualTo(0.97);
        perKind.forEach((kind, counts) -> assertThat(counts[0] / (double) counts[1])
                .as("accuracy for %s", kind).isGreaterThanOrEqualTo(0.9));
        // the corpus's shipping notices and invoices are told apart from its alerts
        assertThat(confusion.get(MessageKind.NOTIFICATION)).containsKeys("notification", "transactional");
    }
}
