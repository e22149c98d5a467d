package io.mailsync.core.internal;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.Provider;
import io.mailsync.core.TriggerSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Micrometer meters: {@code mailsync.sync.duration} (timer, tags provider and outcome),
 * {@code mailsync.triggers} (tags provider, source, outcome scheduled|coalesced), {@code mailsync.messages}
 * (tags provider, change inserted|updated|deleted), {@code mailsync.sync.errors} (tags provider, category),
 * {@code mailsync.processing.messages} (tags processor, outcome). Meters on hot paths are created once.
 */
public final class MicrometerMetrics implements EngineMetrics {

    private final MeterRegistry registry;
    private final Map<Provider, Counter[][]> triggers = new EnumMap<>(Provider.class);
    private final Map<Provider, Timer[]> durations = new EnumMap<>(Provider.class);
    private final Map<Provider, Counter[]> messages = new EnumMap<>(Provider.class);

    /** Meters in {@code registry} (an {@code io.micrometer.core.instrument.MeterRegistry}). */
    public MicrometerMetrics(Object registry) {
        this.registry = (MeterRegistry) registry;
        for (Provider p : Provider.values()) {
            String provider = tag(p);
            Counter[][] bySource = new Counter[TriggerSource.values().length][2];
            for (TriggerSource s : TriggerSource.values()) {
                for (int scheduled = 0; scheduled < 2; scheduled++) {
                    bySource[s.ordinal()][scheduled] = Counter.builder("mailsync.triggers")
                            .description("sync triggers received")
                            .tag("provider", provider).tag("source", tag(s))
                            .tag("outcome", scheduled == 1 ? "scheduled" : "coalesced")
                            .register(this.registry);
                }
            }
            triggers.put(p, bySource);
            durations.put(p, new Timer[] {
                    Timer.builder("mailsync.sync.duration").description("folder sync duration")
                            .tag("provider", provider).tag("outcome", "failure").register(this.registry),
                    Timer.builder("mailsync.sync.duration").description("folder sync duration")
                            .tag("provider", provider).tag("outcome", "success").register(this.registry)});
            messages.put(p, new Counter[] {
                    messageCounter(provider, "inserted"), messageCounter(provider, "updated"),
                    messageCounter(provider, "deleted")});
        }
    }

    private Counter messageCounter(String provider, String change) {
        return Counter.builder("mailsync.messages").description("messages changed in the store by sync")
                .tag("provider", provider).tag("change", change).register(registry);
    }

    @Override
    public void triggered(Provider provider, TriggerSource source, boolean scheduled) {
        triggers.get(provider)[source.ordinal()][scheduled ? 1 : 0].increment();
    }

    @Override
    public void folderSynced(Provider provider, Duration elapsed, boolean success) {
        durations.get(provider)[success ? 1 : 0].record(elapsed);
    }

    @Override
    public void applied(Provider provider, ApplyResult result) {
        Counter[] c = messages.get(provider);
        c[0].increment(result.inserted().size());
        c[1].increment(result.updated().size());
        c[2].increment(result.deleted().size());
    }

    @Override
    public void failed(Provider provider, ErrorCategory category) {
        registry.counter("mailsync.sync.errors", "provider", tag(provider), "category", tag(category)).increment();
    }

    @Override
    public void processed(String processor, int count, boolean success) {
        registry.counter("mailsync.processing.messages", "processor", processor,
                "outcome", success ? "success" : "failure").increment(count);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
