package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the processor chain over newly inserted messages, off the sync threads, with bounded concurrency. Each
 * processor of the chain runs for a batch even when an earlier one failed. In memory: batches still queued when the
 * engine closes past its shutdown timeout are not processed (the durable queue of {@code sync-jdbc} keeps them).
 * Thread-safe.
 */
final class ProcessingPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingPipeline.class);

    private final List<EmailProcessor> processors;
    private final EngineMetrics metrics;
    private final Semaphore permits;
    private final ExecutorService executor;
    private final ConcurrentHashMap<AccountId, AtomicLong> depth = new ConcurrentHashMap<>();

    ProcessingPipeline(List<EmailProcessor> processors, int concurrency, EngineMetrics metrics) {
        this.processors = List.copyOf(processors);
        this.metrics = metrics;
        this.permits = new Semaphore(concurrency);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mailsync-process-", 0).factory());
    }

    /** Queues {@code messages} of {@code account} for processing; returns at once. */
    void submit(SyncOptions account, List<EmailMessage> messages) {
        if (processors.isEmpty() || messages.isEmpty()) {
            return;
        }
        AtomicLong pending = depth.computeIfAbsent(account.accountId(), id -> new AtomicLong());
        pending.addAndGet(messages.size());
        ProcessingBatch batch = new ProcessingBatch(account, messages);
        try {
            executor.execute(() -> {
                try {
                    permits.acquire();
                    try {
                        runChain(batch);
                    } finally {
                        permits.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pending.addAndGet(-messages.size());
                }
            });
        } catch (RejectedExecutionException e) {
            pending.addAndGet(-messages.size());
            LOG.warn("processing pipeline closed; {} new messages of account {} are not processed", messages.size(),
                    account.accountId());
        }
    }

    /** Messages of the account queued or being processed. */
    long depth(AccountId accountId) {
        AtomicLong pending = depth.get(accountId);
        return pending == null ? 0 : pending.get();
    }

    private void runChain(ProcessingBatch batch) {
        for (EmailProcessor processor : processors) {
            if (!processor.isEnabledFor(batch.account())) {
                continue;
            }
            try {
                processor.process(batch);
                metrics.processed(processor.name(), batch.messages().size(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                metrics.processed(processor.name(), batch.messages().size(), false);
                LOG.warn("processor {} failed on {} messages of account {}", processor.name(),
                        batch.messages().size(), batch.account().accountId(), e);
            }
        }
    }

    /** Lets queued batches finish within {@code timeout}, then interrupts the rest. */
    void close(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
