package io.mailsync.examples.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C for a program that must clean up. Where the JVM allows it, SIGINT is caught ({@code sun.misc.Signal} from
 * {@code jdk.unsupported}, looked up reflectively): the first Ctrl-C only tells the main thread, which closes
 * everything in order while the JVM keeps running (so no other shutdown hook, such as the embedded PostgreSQL's,
 * pulls the database away under a running sync); a second Ctrl-C exits at once. SIGTERM and a SIGINT that could not
 * be caught go through a shutdown hook that tells the main thread and waits (up to 30 s) until it has closed
 * everything. {@link #close()} marks the work finished and removes the hook. Thread-safe.
 */
public final class ShutdownSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger interrupts = new AtomicInteger();
    private final Thread hook;
    private volatile boolean jvmStopping;

    private ShutdownSignal() {
        hook = new Thread(this::onShutdown, "mailsync-shutdown");
    }

    /**
     * Installs the hook and, where possible, the Ctrl-C handler.
     *
     * @return the signal; close it when the program's work is done
     */
    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        signal.catchInterrupt();
        return signal;
    }

    private void catchInterrupt() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    onInterrupt();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "ctrl-c handler";
            };
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    onSignal);
            Object sigint = signalType.getConstructor(String.class).newInstance("INT");
            signalType.getMethod("handle", signalType, handlerType).invoke(null, sigint, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Ctrl-C cannot be caught here ({}); the shutdown hook handles it", e.toString());
        }
    }

    private void onInterrupt() {
        if (interrupts.incrementAndGet() == 1) {
            requested.countDown();
        } else {
            Thread.ofPlatform().start(() -> System.exit(130));
        }
    }

    private void onShutdown() {
        jvmStopping = true;
        requested.countDown();
        try {
            finished.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether a stop was asked for (Ctrl-C, SIGTERM).
     *
     * @return true once asked
     */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /**
     * Whether the JVM itself is shutting down (then the program must not call {@code System.exit}).
     *
     * @return true when the shutdown hook ran
     */
    public boolean isJvmStopping() {
        return jvmStopping;
    }

    /**
     * Whether the JVM is running its shutdown hooks now (then {@code System.exit} would block forever).
     *
     * @return true during shutdown
     */
    public static boolean jvmIsStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Waits up to {@code timeout} for a stop request.
     *
     * @param timeout the longest wait
     * @return true when a stop was asked for
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Marks the cleanup finished; removes the hook unless the JVM is already stopping. Idempotent. */
    @Override
    public void close() {
        finished.countDown();
        if (!jvmStopping) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM started shutting down meanwhile: the hook runs and returns at once
            }
        }
    }
}
