package io.mailsync.core.memory;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link ProcessingQueue} in memory. Ready jobs wait in one FIFO per priority; a claim takes the head with the
 * highest effective priority, which is its priority plus one for every {@code ageingStep} it has waited, so a
 * low-priority job is never starved. Claiming is O(101) per job whatever the queue's length. Thread-safe (one lock).
 */
public final class InMemoryProcessingQueue implements ProcessingQueue {

    /** By default a job's effective priority rises by one every 10 seconds it waits. */
    public static final Duration DEFAULT_AGEING_STEP = Duration.ofSeconds(10);

    private record Key(AccountId accountId, String providerMessageId) {
    }

    private static final class Entry {
        ProcessingJob job;
        Instant notBefore;
        Instant leaseUntil;
        String lastError;
        Instant failedAt;

        Entry(ProcessingJob job) {
            this.job = job;
        }

        Key key() {
            return new Key(job.accountId(), job.providerMessageId());
        }
    }

    private final Clock clock;
    private final long ageingStepMillis;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Entry>[] ready = new ArrayDeque[ProcessingJob.MAX_PRIORITY + 1];
    private final PriorityQueue<Entry> delayed = new PriorityQueue<>(Comparator.comparing((Entry e) -> e.notBefore));
    private final Map<Long, Entry> claimed = new HashMap<>();
    private final Map<Long, Entry> dead = new LinkedHashMap<>();
    private final Map<Key, Long> live = new HashMap<>();
    private final Map<AccountId, Long> depth = new HashMap<>();
    private long nextId = 1;

    /** A queue on the system clock with {@link #DEFAULT_AGEING_STEP}. */
    public InMemoryProcessingQueue() {
        this(Clock.systemUTC(), DEFAULT_AGEING_STEP);
    }

    /** A queue on {@code clock} whose jobs gain one priority point per {@code ageingStep} waited. */
    public InMemoryProcessingQueue(Clock clock, Duration ageingStep) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ageingStep.isNegative() || ageingStep.isZero()) {
            throw new IllegalArgumentException("ageingStep must be > 0, was " + ageingStep);
        }
        this.ageingStepMillis = ageingStep.toMillis();
        for (int i = 0; i < ready.length; i++) {
            ready[i] = new ArrayDeque<>();
        }
    }

    @Override
    public synchronized void enqueue(List<ProcessingJob> jobs) {
        for (ProcessingJob job : jobs) {
            Key key = new Key(job.accountId(), job.providerMessageId());
            if (live.containsKey(key)) {
                continue;
            }
            long id = nextId++;
            Entry e = new Entry(new ProcessingJob(id, job.accountId(), job.providerMessageId(), job.priority(), 0,
                    job.enqueuedAt()));
            live.put(key, id);
            depth.merge(job.accountId(), 1L, Long::sum);
            ready[job.priority()].addLast(e);
        }
    }

    @Override
    public synchronized List<ProcessingJob> claim(int max, Duration lease) {
        Instant now = clock.instant();
        promoteDue(now);
        List<ProcessingJob> taken = new ArrayList<>(Math.min(max, 64));
        while (taken.size() < max) {
            ArrayDeque<Entry> best = null;
            long bestScore = Long.MIN_VALUE;
            Instant bestAge = null;
            for (int p = ProcessingJob.MAX_PRIORITY; p >= 0; p--) {
                Entry head = ready[p].peekFirst();
                if (head == null) {
                    continue;
                }
                long score = p + Math.max(0, now.toEpochMilli() - head.job.enqueuedAt().toEpochMilli()) / ageingStepMillis;
                if (score > bestScore || (score == bestScore && head.job.enqueuedAt().isBefore(bestAge))) {
                    best = ready[p];
                    bestScore = score;
                    bestAge = head.job.enqueuedAt();
                }
            }
            if (best == null) {
                break;
            }
            Entry e = best.pollFirst();
            e.leaseUntil = now.plus(lease);
            claimed.put(e.job.id(), e);
            taken.add(e.job);
        }
        return taken;
    }

    /** Moves retries whose time has come, and claims whose lease ran out, back to the ready queues. */
    private void promoteDue(Instant now) {
        while (!delayed.isEmpty() && !delayed.peek().notBefore.isAfter(now)) {
            Entry e = delayed.poll();
            ready[e.job.priority()].addLast(e);
        }
        if (!claimed.isEmpty()) {
            List<Entry> expired = claimed.values().stream().filter(e -> e.leaseUntil.isBefore(now)).toList();
            for (Entry e : expired) {
                claimed.remove(e.job.id());
                ready[e.job.priority()].addFirst(e);
            }
        }
    }

    @Override
    public synchronized void complete(List<ProcessingJob> jobs) {
        for (ProcessingJob job : jobs) {
            Entry e = claimed.remove(job.id());
            if (e != null) {
                forget(e);
            }
        }
    }

    @Override
    public synchronized void retry(ProcessingJob job, String error, Instant notBefore) {
        Entry e = claimed.remove(job.id());
        if (e == null) {
            return; // its lease ran out and another worker has it
        }
        e.job = new ProcessingJob(job.id(), job.accountId(), job.providerMessageId(), job.priority(),
                e.job.attempts() + 1, e.job.enqueuedAt());
        e.lastError = error;
        e.notBefore = notBefore;
        delayed.add(e);
    }

    @Override
    public synchronized void deadLetter(ProcessingJob job, String error) {
        Entry e = claimed.remove(job.id());
        if (e == null) {
            return;
        }
        e.job = new ProcessingJob(job.id(), job.accountId(), job.providerMessageId(), job.priority(),
                e.job.attempts() + 1, e.job.enqueuedAt());
        e.lastError = error;
        e.failedAt = clock.instant();
        dead.put(job.id(), e);
        depth.merge(job.accountId(), -1L, Long::sum);
    }

    @Override
    public synchronized long depth(AccountId accountId) {
        return depth.getOrDefault(accountId, 0L);
    }

    @Override
    public synchronized List<DeadLetter> deadLetters(int limit) {
        return dead.values().stream().limit(limit).map(e -> new DeadLetter(e.job, e.lastError, e.failedAt)).toList();
    }

    @Override
    public synchronized int requeue(List<Long> jobIds) {
        int found = 0;
        for (Long id : jobIds) {
            Entry e = dead.remove(id);
            if (e != null) {
                found++;
                e.job = new ProcessingJob(e.job.id(), e.job.accountId(), e.job.providerMessageId(), e.job.priority(),
                        0, clock.instant());
                depth.merge(e.job.accountId(), 1L, Long::sum);
                ready[e.job.priority()].addLast(e);
            }
        }
        return found;
    }

    private void forget(Entry e) {
        live.remove(e.key());
        depth.merge(e.job.accountId(), -1L, Long::sum);
    }
}
