package io.mailsync.examples.demo;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.SyncListener;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Watches the demo's new mail arrive: the {@link SyncListener} that measures, for each message the demo delivered,
 * the time from delivery to its {@code MessageCreated} event, and prints one line per arrival with what the
 * processing pipeline concluded (category, contacts) and the priority the scorer gave it. Status changes are printed
 * too. Thread-safe; {@link #close()} waits briefly for the lines still being printed.
 */
public final class ArrivalMonitor implements SyncListener, AutoCloseable {

    private static final Duration RESULT_WAIT = Duration.ofSeconds(10);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final AccountId account;
    private final PriorityScorer scorer;
    private final Map<String, Long> deliveredAtNanos = new ConcurrentHashMap<>();
    private final List<Long> latenciesMillis = new ArrayList<>();
    private final ExecutorService printer = Executors.newVirtualThreadPerTaskExecutor();
    private volatile MailSync mailSync;
    private volatile SyncOptions options;

    /**
     * A monitor for one account.
     *
     * @param out     where arrivals are printed
     * @param account the account watched
     * @param scorer  the scorer whose priority is shown
     */
    public ArrivalMonitor(PrintStream out, AccountId account, PriorityScorer scorer) {
        this.out = out;
        this.account = account;
        this.scorer = scorer;
    }

    /**
     * Connects the monitor to the running engine, to read processing results.
     *
     * @param sync           the engine
     * @param accountOptions the account's options, for the scorer
     */
    public void attach(MailSync sync, SyncOptions accountOptions) {
        this.mailSync = sync;
        this.options = accountOptions;
    }

    /**
     * Records that a message is being delivered now.
     *
     * @param internetMessageId its Message-ID header, with or without angle brackets
     */
    public void delivering(String internetMessageId) {
        deliveredAtNanos.put(normalise(internetMessageId), System.nanoTime());
    }

    /**
     * The arrival latencies measured so far.
     *
     * @return milliseconds, in arrival order
     */
    public List<Long> latenciesMillis() {
        synchronized (latenciesMillis) {
            return List.copyOf(latenciesMillis);
        }
    }

    @Override
    public void onEvent(SyncEvent event) {
        switch (event) {
            case SyncEvent.MessageCreated created when created.accountId().equals(account) -> arrived(created.message());
            case SyncEvent.StatusChanged changed when changed.accountId().equals(account) ->
                    out.printf("  status %s -> %s%s%n", changed.from(), changed.to(),
                            changed.error().map(e -> " (" + e.category() + ": " + e.message() + ")").orElse(""));
            default -> { }
        }
    }

    private void arrived(EmailMessage message) {
        long now = System.nanoTime();
        Long sent = message.internetMessageId().map(ArrivalMonitor::normalise).map(deliveredAtNanos::remove).orElse(null);
        if (sent == null) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(now - sent);
        synchronized (latenciesMillis) {
            latenciesMillis.add(millis);
        }
        String arrivedAt = LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
        printer.execute(() -> print(message, millis, arrivedAt));
    }

    private void print(EmailMessage message, long millis, String time) {
        Map<String, Map<String, String>> results = awaitResults(message.providerMessageId());
        Map<String, String> category = results.getOrDefault(CategoryProcessor.NAME, Map.of());
        Map<String, String> contacts = results.getOrDefault(ContactsProcessor.NAME, Map.of());
        String from = message.from().map(ArrivalMonitor::person).orElse("(no sender)");
        String subject = message.subject().length() > 60 ? message.subject().substring(0, 57) + "..." : message.subject();
        out.printf("  %s new mail \"%s\" from %s%n", time, subject, from);
        out.printf("           stored %d ms after delivery | category %s | contacts %s | priority %d%n", millis,
                category.getOrDefault("category", "(pending)"), contacts.getOrDefault("contacts", "(pending)"),
                scorer.score(message, options));
    }

    private Map<String, Map<String, String>> awaitResults(String providerMessageId) {
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        Map<String, Map<String, String>> byProcessor = Map.of();
        while (System.nanoTime() < deadline) {
            byProcessor = new HashMap<>();
            for (ProcessingResult r : mailSync.processingResults(account, providerMessageId)) {
                byProcessor.put(r.processor(), r.values());
            }
            if (byProcessor.containsKey(CategoryProcessor.NAME) && byProcessor.containsKey(ContactsProcessor.NAME)) {
                return byProcessor;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return byProcessor;
            }
        }
        return byProcessor;
    }

    private static String person(EmailAddress a) {
        return a.name().isEmpty() ? a.address() : a.name() + " <" + a.address() + ">";
    }

    private static String normalise(String messageId) {
        String id = messageId.trim();
        return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
    }

    /** Waits up to eleven seconds for the arrival lines still being printed. */
    @Override
    public void close() {
        printer.shutdown();
        try {
            printer.awaitTermination(RESULT_WAIT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
