package io.mailsync.imap.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names Angus' {@code StreamProvider} in the system property Jakarta Mail reads first. Jakarta Mail 2.1 looks its
 * {@code StreamProvider} up again for every header block, body part and encoded word it parses
 * ({@code FactoryFinder}: a {@code ServiceLoader} scan of every jar on the class path; jakartaee/mail-api#861), which
 * was over half the CPU of an IMAP historical sync. With the property set the lookup is a {@code Class.forName}. The
 * property is set only when absent (a host's own choice wins) and only when Angus' class is present. Thread-safe.
 */
final class StreamProviderShortcut {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";
    private static final Logger LOG = LoggerFactory.getLogger(StreamProviderShortcut.class);

    private StreamProviderShortcut() {
    }

    /** Sets {@value #PROPERTY} to {@value #ANGUS} unless it is set already. Idempotent. */
    static synchronized void install() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(ANGUS, false, StreamProviderShortcut.class.getClassLoader());
            System.setProperty(PROPERTY, ANGUS);
            LOG.debug("system property {} set to {} (jakartaee/mail-api#861)", PROPERTY, ANGUS);
        } catch (ClassNotFoundException | SecurityException absent) {
            LOG.debug("{} left unset: {}", PROPERTY, absent.toString());
        }
    }
}
