package io.mailsync.examples.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress display for a terminal: on a TTY one line redrawn in place with {@code \r} (at most ten times a
 * second), elsewhere (a pipe, a file, a test) a plain line at every tenth of the way, so logs stay readable.
 * Thread-safe: updates may come from the sync's thread while the main thread finishes it.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private long total;
    private long lastDrawNanos;
    private long lastTenth = -1;
    private int lastLength;
    private boolean finished;

    /**
     * A progress bar.
     *
     * @param out   where to draw
     * @param tty   whether {@code out} is a terminal (redraw in place) or not (plain lines)
     * @param total the expected number of items; 0 when unknown (a counter without a bar)
     */
    public ProgressBar(PrintStream out, boolean tty, long total) {
        this.out = out;
        this.tty = tty;
        this.total = Math.max(0, total);
    }

    /**
     * Whether the JVM's standard output is a terminal.
     *
     * @return {@code System.console() != null}
     */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    /**
     * Raises the expected total (for instance when a provider reveals a folder's size).
     *
     * @param newTotal the new total; a smaller one is ignored
     */
    public synchronized void total(long newTotal) {
        total = Math.max(total, newTotal);
    }

    /**
     * Shows progress.
     *
     * @param label what is being worked on (the folder being read)
     * @param done  items done so far
     */
    public synchronized void update(String label, long done) {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        if (tty) {
            if (now - lastDrawNanos >= REDRAW_NANOS || (total > 0 && done >= total)) {
                lastDrawNanos = now;
                draw(render(label, done, now));
            }
        } else {
            long tenth = total > 0 ? Math.min(10, done * 10 / total) : done / 500;
            if (tenth != lastTenth && (total <= 0 || done < total)) {
                lastTenth = tenth;
                out.println(render(label, done, now));
            }
        }
    }

    /**
     * Ends the display with a last line; later updates are ignored.
     *
     * @param label the last label
     * @param done  items done
     */
    public synchronized void finish(String label, long done) {
        if (finished) {
            return;
        }
        String line = render(label, done, System.nanoTime());
        if (tty) {
            draw(line);
            out.println();
        } else {
            out.println(line);
        }
        finished = true;
        out.flush();
    }

    private void draw(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        out.print("\r" + padded);
        out.flush();
    }

    private String render(String label, long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        if (total <= 0) {
            return String.format(Locale.ROOT, "  %-10s %,8d messages  %5.1fs  %,6.0f msg/s", label, done, seconds, rate);
        }
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        int percent = (int) Math.min(100, done * 100 / total);
        return String.format(Locale.ROOT, "  [%s%s] %3d%%  %,d/%,d  %-10s %5.1fs  %,6.0f msg/s", "#".repeat(filled),
                "-".repeat(WIDTH - filled), percent, done, total, label, seconds, rate);
    }
}
