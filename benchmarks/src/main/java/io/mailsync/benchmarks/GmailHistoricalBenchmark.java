package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.gmail.GmailMailProvider;
import io.mailsync.gmail.GmailQuota;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.gmail.GmailFakeMailbox;

import java.time.Duration;
import java.time.Instant;

/**
 * Historical sync of a Gmail mailbox against the local Gmail fake, which enforces the per-user quota like Google:
 * how much of the quota budget the provider uses (target ≥ 90 %) and how many 429s it gets (target 0), with the
 * legacy quota (250 units/s) and the 2026 one (6,000 units/min). The baseline, measured from the same run, is the
 * theoretical minimum time: units spent / quota rate.
 *
 * <p>{@code -Dbench.args="--messages 10000 --quota legacy|new|both"} (defaults: 10,000, both; the new quota takes
 * about 9 minutes for 10,000 messages).
 */
public final class GmailHistoricalBenchmark {

    public static void main(String[] rawArgs) throws Exception {
        // exec:exec passes -Dbench.args as one argument
        String[] args = String.join(" ", rawArgs).trim().split("\\s+");
        int messages = 10_000;
        String which = "both";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--messages")) {
                messages = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--quota")) {
                which = args[++i];
            }
        }
        if (!which.equals("new")) {
            run("legacy 250 units/s", GmailQuota.LEGACY, 250, Duration.ofSeconds(1), messages);
        }
        if (!which.equals("legacy")) {
            run("new 6,000 units/min", GmailQuota.PER_MINUTE_6000, 6_000, Duration.ofMinutes(1), messages);
        }
    }

    private static void run(String label, GmailQuota quota, long units, Duration per, int messages) throws Exception {
        AccountId id = AccountId.of("bench");
        String email = "bench@example.com";
        try (GmailFake fake = GmailFake.builder().quota(units, per).build()) {
            GmailFakeMailbox mailbox = fake.mailbox(email).grantToken("t");
            mailbox.insertMany(messages);
            InMemoryMailStore store = new InMemoryMailStore();
            store.save(id, Credential.oauth2(email, "t", null, Instant.now().plus(Duration.ofDays(1))));
            GmailMailProvider provider = GmailMailProvider.builder().rootUrl(fake.rootUrl()).quota(quota).build();
            try (MailSync mailSync = MailSync.builder().store(store).provider(provider).build()) {
                mailSync.registerAccount(SyncOptions.builder().provider(Provider.GOOGLE).accountId(id).userId("u")
                        .email(email).build());
                long start = System.nanoTime();
                SyncReport report = mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
                double seconds = (System.nanoTime() - start) / 1e9;
                long used = fake.unitsConsumed(email);
                // the budget is the configured rate over the run's duration
                double budget = quota.unitsPerSecond() * seconds;
                double minimum = used / quota.unitsPerSecond();
                System.out.printf("Gmail historical, %s: %,d messages stored (%s) in %.1f s (estimate %s); "
                                + "units used %,d of a budget of %,.0f = %.1f %%; 429s: %d; "
                                + "baseline (minimum time at the quota) %.1f s, ratio %.3f%n",
                        label, store.messages(id).size(), report.isSuccess() ? "ok" : "FAILED", seconds,
                        provider.estimatedHistoricalDuration(messages), used, budget, 100.0 * used / budget,
                        fake.quotaRejections(), minimum, seconds / minimum);
            } finally {
                provider.close();
            }
        }
    }

    private GmailHistoricalBenchmark() {
    }

}
