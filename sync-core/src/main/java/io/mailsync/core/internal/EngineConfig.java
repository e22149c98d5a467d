package io.mailsync.core.internal;

import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.Provider;
import io.mailsync.core.spi.AccountStore;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.ProcessingResultStore;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.core.spi.SyncListener;
import io.mailsync.core.spi.SyncStateStore;
import io.mailsync.core.spi.TokenRefresher;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything the engine is built from; validated by {@code MailSync.Builder}. */
public record EngineConfig(
        EmailStore emailStore,
        SyncStateStore syncStateStore,
        AccountStore accountStore,
        CredentialStore credentialStore,
        TokenRefresher tokenRefresher,
        Map<Provider, MailProvider> providers,
        Map<Provider, PushTarget> pushTargets,
        List<EmailProcessor> processors,
        List<SyncListener> listeners,
        Clock clock,
        EngineMetrics metrics,
        int pageSize,
        Duration initialBackoff,
        Duration maxBackoff,
        ProcessingOptions processing,
        ProcessingQueue processingQueue,
        ProcessingResultStore resultStore,
        PriorityScorer priorityScorer,
        Duration shutdownTimeout) {

    public EngineConfig {
        providers = Map.copyOf(providers);
        pushTargets = Map.copyOf(pushTargets);
        processors = List.copyOf(processors);
        listeners = List.copyOf(listeners);
    }
}
