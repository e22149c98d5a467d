package io.mailsync.core;

/**
 * The mail services mailsync synchronises. Each has its own provider module
 * ({@code sync-graph}, {@code sync-gmail}, {@code sync-imap}).
 */
public enum Provider {
    /** Microsoft 365 and Outlook.com through Microsoft Graph. */
    MICROSOFT(true),
    /** Gmail and Google Workspace through the Gmail API and Cloud Pub/Sub. */
    GOOGLE(true),
    /** Any IMAP server (IDLE and polling; IMAP has no webhooks). */
    IMAP(false);

    private final boolean supportsWebhooks;

    Provider(boolean supportsWebhooks) {
        this.supportsWebhooks = supportsWebhooks;
    }

    /** Whether the provider can push change notifications to an HTTP endpoint of the host. */
    public boolean supportsWebhooks() {
        return supportsWebhooks;
    }
}
