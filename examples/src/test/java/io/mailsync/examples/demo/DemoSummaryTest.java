package io.mailsync.examples.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSummaryTest {

    private static DemoSummary summary(List<Long> latencies) {
        Map<String, Long> seeded = new LinkedHashMap<>();
        seeded.put("INBOX", 60L);
        seeded.put("Sent", 40L);
        Map<String, Long> stored = new LinkedHashMap<>(seeded);
        stored.put("INBOX", 60L + latencies.size());
        return new DemoSummary(seeded, stored, Duration.ofMillis(2500), 100, latencies.size(), latencies,
                50L << 20, 200L << 20, 3143, OptionalLong.of(5432));
    }

    @Test
    void percentilesUseTheNearestRank() {
        DemoSummary s = summary(LongStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().toList());

        assertThat(s.latencyPercentile(50)).hasValue(50);
        assertThat(s.latencyPercentile(99)).hasValue(99);
        assertThat(s.latencyPercentile(100)).hasValue(100);
        assertThat(summary(List.of(7L)).latencyPercentile(99)).hasValue(7);
        assertThat(summary(List.of()).latencyPercentile(50)).isEmpty();
    }

    @Test
    void theTableShowsFoldersTotalsRateLatencyAndHeap() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary(List.of(300L, 100L, 200L)).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("INBOX\\s+60\\s+63")
                .containsPattern("Sent\\s+40\\s+40")
                .containsPattern("total\\s+100\\s+103")
                .contains("100 messages in 2.50 s (40 msg/s)", "3 delivered, 3 arrived", "p50 200 ms, p99 300 ms",
                        "50 MiB used at the end, 200 MiB peak");
    }
}
