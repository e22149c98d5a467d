package io.mailsync.examples.demo;

import java.util.Arrays;

/**
 * Logging for the command-line programs: slf4j-simple on standard error, warnings only unless {@code --verbose} is on
 * the command line, so the programs' own output stays readable. Settings already given with {@code -D} win.
 */
public final class Logging {

    private Logging() {
    }

    /**
     * Configures slf4j-simple; call before the first logger is created.
     *
     * @param args the program's command line, searched for {@code --verbose}
     */
    public static void quiet(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        // the embedded PostgreSQL's own output (initdb, pg_ctl) is noise unless something goes wrong
        setIfAbsent("org.slf4j.simpleLogger.log.io.zonky", verbose ? "info" : "error");
    }

    /**
     * GreenMail's connection threads (named {@code imap:...}) report a client that hung up as an uncaught exception
     * with a stack trace; the demo closes its IMAP connections on purpose, so these are hidden unless
     * {@code --verbose}. Every other thread's uncaught exception is printed as usual.
     *
     * @param args the program's command line, searched for {@code --verbose}
     */
    public static void hideServerDisconnects(String[] args) {
        if (Arrays.asList(args).contains("--verbose")) {
            return;
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (thread.getName().startsWith("imap:")) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
