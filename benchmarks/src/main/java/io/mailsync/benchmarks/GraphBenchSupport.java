package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.graph.GraphMailProvider;
import io.mailsync.testkit.graph.FakeMailbox;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;

/** Shared set-up of the Graph benchmarks: a fake, a store holding the account's token, a MailSync. */
final class GraphBenchSupport {

    static final String USER = "bench";
    static final AccountId ACCOUNT = AccountId.of("graph-bench");

    private GraphBenchSupport() {
    }

    static InMemoryMailStore storeWithToken(GraphFake fake) {
        InMemoryMailStore store = new InMemoryMailStore();
        store.save(ACCOUNT, Credential.oauth2(USER + "@example.com", fake.issueToken(USER), null,
                Instant.now().plus(Duration.ofHours(2))));
        return store;
    }

    static MailSync mailSync(InMemoryMailStore store, GraphMailProvider provider, Consumer<SyncEvent> listener,
                             Consumer<MailSync.Builder> more) {
        MailSync.Builder b = MailSync.builder().store(store).provider(provider).listener(listener::accept)
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(2));
        more.accept(b);
        return b.build();
    }

    static SyncOptions options(boolean webhooks) {
        return SyncOptions.builder().provider(Provider.MICROSOFT).accountId(ACCOUNT).userId("u")
                .email(USER + "@example.com").enableWebhooks(webhooks).pollingInterval(Duration.ofHours(1))
                .notifyFrom(Instant.EPOCH).build();
    }

    static void fill(FakeMailbox box, String folder, int n) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            box.add(folder, FakeMessage.builder().subject("message " + i).bodyPreview("preview of message " + i)
                    .from("Ada", "ada@example.org").to("bench@example.com").receivedDateTime(t.plusSeconds(i)).build());
        }
    }

    /** The q-quantile of nanosecond samples, in milliseconds. */
    static double quantileMillis(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
