package io.mailsync.core.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingOutput;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.ProcessingResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background processing pipeline: workers on virtual threads claim jobs from the {@link ProcessingQueue}
 * (highest effective priority first), load the messages, run each enabled processor that has no stored result yet
 * for the message at its version, store the results, and complete the jobs. A processor that fails a batch is run on
 * each message alone; messages that still fail are retried with exponential backoff, then dead-lettered with the
 * last error. Per-processor rate limits hold a worker until a call is allowed. While historical rounds run, workers
 * hold back (up to {@link ProcessingOptions#historicalDeferral()}) so the sync gets the machine. Thread-safe.
 */
final class ProcessingPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingPipeline.class);

    private final EngineConfig config;
    private final ProcessingOptions options;
    private final ProcessingQueue queue;
    private final ProcessingResultStore results;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private final IntervalFunction retryDelay;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService workers;
    private final AtomicInteger historicalRounds = new AtomicInteger();
    /** When the current stretch of holding back for historical syncs began ({@link System#nanoTime()}), or 0. */
    private final AtomicLong deferringSince = new AtomicLong();
    private volatile boolean running = true;

    ProcessingPipeline(EngineConfig config) {
        this.config = config;
        this.options = config.processing();
        this.queue = config.processingQueue();
        this.results = config.resultStore();
        options.rateLimits().forEach((name, limit) -> limiters.put(name, RateLimiter.of("mailsync-" + name,
                RateLimiterConfig.custom().limitForPeriod(limit.calls()).limitRefreshPeriod(limit.period())
                        .timeoutDuration(Duration.ofDays(1)).build())));
        this.retryDelay = IntervalFunction.ofExponentialRandomBackoff(options.initialRetryDelay(), 2.0, 0.5,
                options.maxRetryDelay());
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mailsync-process-", 0).factory());
        if (isEnabled()) {
            for (int i = 0; i < options.workers(); i++) {
                workers.execute(this::work);
            }
        }
    }

    /** Whether any processor is configured; without one, sync queues no jobs. */
    boolean isEnabled() {
        return !config.processors().isEmpty();
    }

    /** Wakes one idle worker: jobs were queued. */
    void signal() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** A folder's full (historical) round started: processing holds back, see {@link ProcessingOptions#historicalDeferral()}. */
    void historicalRoundStarted() {
        historicalRounds.incrementAndGet();
    }

    /** A full round ended: when it was the last, processing resumes at once. */
    void historicalRoundEnded() {
        if (historicalRounds.decrementAndGet() == 0) {
            deferringSince.set(0);
            wakeUp.release(options.workers());
        }
    }

    /** Whether workers hold back now: historical rounds run and the deferral has not run out. */
    private boolean deferring() {
        if (historicalRounds.get() == 0 || options.historicalDeferral().isZero()) {
            return false;
        }
        long now = System.nanoTime();
        deferringSince.compareAndSet(0, now);
        return now - deferringSince.get() < options.historicalDeferral().toNanos();
    }

    /** Jobs of the account queued or being processed. */
    long depth(AccountId accountId) {
        return isEnabled() ? queue.depth(accountId) : 0;
    }

    private void work() {
        while (running) {
            try {
                if (deferring()) {
                    wakeUp.tryAcquire(options.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
                    continue;
                }
                List<ProcessingJob> jobs = queue.claim(options.batchSize(), options.lease());
                if (jobs.isEmpty()) {
                    wakeUp.tryAcquire(options.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
                    continue;
                }
                if (jobs.size() == options.batchSize()) {
                    signal(); // there may be more: let another worker take the next batch
                } else if (!options.maxBatchWait().isZero()) {
                    jobs = fill(jobs);
                }
                process(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A store failure (queue or results): the claimed jobs come back when their lease ends.
                LOG.warn("processing worker failed; its jobs are retried after their lease", e);
                sleepQuietly(options.pollInterval());
            }
        }
    }

    /** Waits up to maxBatchWait for more jobs to fill the batch. */
    private List<ProcessingJob> fill(List<ProcessingJob> jobs) throws InterruptedException {
        List<ProcessingJob> all = new ArrayList<>(jobs);
        long deadline = System.nanoTime() + options.maxBatchWait().toNanos();
        while (all.size() < options.batchSize() && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !wakeUp.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            all.addAll(queue.claim(options.batchSize() - all.size(), options.lease()));
        }
        return all;
    }

    private void process(List<ProcessingJob> jobs) throws InterruptedException {
        Map<AccountId, List<ProcessingJob>> byAccount = new LinkedHashMap<>();
        jobs.forEach(j -> byAccount.computeIfAbsent(j.accountId(), a -> new ArrayList<>()).add(j));
        for (Map.Entry<AccountId, List<ProcessingJob>> e : byAccount.entrySet()) {
            processAccount(e.getKey(), e.getValue());
        }
    }

    private void processAccount(AccountId accountId, List<ProcessingJob> jobs) throws InterruptedException {
        Optional<SyncOptions> account = config.accountStore().find(accountId).map(AccountRecord::options);
        List<ProcessingJob> done = new ArrayList<>();
        Map<ProcessingJob, EmailMessage> messages = new LinkedHashMap<>();
        for (ProcessingJob job : jobs) {
            Optional<EmailMessage> m = account.isEmpty() ? Optional.empty()
                    : config.emailStore().find(accountId, job.providerMessageId());
            if (m.isPresent()) {
                messages.put(job, m.get());
            } else {
                done.add(job); // the account or the message is gone: nothing to process
            }
        }
        Map<ProcessingJob, String> failed = new LinkedHashMap<>();
        for (EmailProcessor processor : config.processors()) {
            if (account.isPresent() && processor.isEnabledFor(account.get())) {
                runProcessor(processor, account.get(), messages, failed);
            }
        }
        messages.keySet().stream().filter(j -> !failed.containsKey(j)).forEach(done::add);
        if (!done.isEmpty()) {
            queue.complete(done);
        }
        failed.forEach(this::retryOrDeadLetter);
    }

    private void runProcessor(EmailProcessor processor, SyncOptions account, Map<ProcessingJob, EmailMessage> messages,
                              Map<ProcessingJob, String> failed) throws InterruptedException {
        List<ProcessingJob> pending = messages.keySet().stream()
                .filter(j -> !failed.containsKey(j))
                .filter(j -> !results.hasResult(j.accountId(), j.providerMessageId(), processor.name(),
                        processor.version()))
                .toList();
        if (pending.isEmpty()) {
            return;
        }
        try {
            invoke(processor, account, pending, messages);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception batchFailure) {
            if (pending.size() == 1) {
                failed.put(pending.get(0), describe(processor, batchFailure));
                return;
            }
            for (ProcessingJob job : pending) { // isolate the message that breaks the processor
                try {
                    invoke(processor, account, List.of(job), messages);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failed.put(job, describe(processor, e));
                }
            }
        }
    }

    private void invoke(EmailProcessor processor, SyncOptions account, List<ProcessingJob> jobs,
                        Map<ProcessingJob, EmailMessage> messages) throws Exception {
        RateLimiter limiter = limiters.get(processor.name());
        if (limiter != null && !limiter.acquirePermission()) {
            throw new IllegalStateException("rate limit of processor " + processor.name() + " not granted");
        }
        List<EmailMessage> batch = jobs.stream().map(messages::get).toList();
        List<ProcessingOutput> outputs;
        try {
            outputs = processor.process(new ProcessingBatch(account, batch));
        } catch (Exception e) {
            config.metrics().processed(processor.name(), batch.size(), false);
            throw e;
        }
        config.metrics().processed(processor.name(), batch.size(), true);
        Map<String, Map<String, String>> byId = new HashMap<>();
        if (outputs != null) {
            outputs.forEach(o -> byId.put(o.providerMessageId(), o.values()));
        }
        Instant now = config.clock().instant();
        results.saveResults(batch.stream().map(m -> new ProcessingResult(m.accountId(), m.providerMessageId(),
                processor.name(), processor.version(), byId.getOrDefault(m.providerMessageId(), Map.of()), now))
                .toList());
    }

    private void retryOrDeadLetter(ProcessingJob job, String error) {
        int attempt = job.attempts() + 1;
        if (attempt >= options.maxAttempts()) {
            LOG.warn("processing of message {} of account {} failed {} times; dead-lettered: {}",
                    job.providerMessageId(), job.accountId(), attempt, error);
            queue.deadLetter(job, error);
        } else {
            Duration delay = Duration.ofMillis(retryDelay.apply(attempt));
            LOG.debug("processing of message {} of account {} failed (attempt {}), retry in {}: {}",
                    job.providerMessageId(), job.accountId(), attempt, delay, error);
            queue.retry(job, error, config.clock().instant().plus(delay));
        }
    }

    private static String describe(EmailProcessor processor, Exception e) {
        return processor.name() + ": " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers: lets the batches in hand finish within {@code timeout}, then interrupts them. */
    void close(Duration timeout) {
        running = false;
        wakeUp.release(options.workers());
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow(); // interrupted jobs come back when their lease ends
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
