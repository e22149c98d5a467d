package io.mailsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one account is synchronised: the seed's {@code startRealTimeSync} options as a validated value.
 * Build with {@link #builder()}; {@link Builder#build()} names the field that is wrong.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *         .provider(Provider.MICROSOFT)
 *         .accountId(AccountId.of("account-uuid"))
 *         .userId("user-uuid")
 *         .email("user@example.com")
 *         .pollingInterval(Duration.ofSeconds(30))   // the seed's "pollingInterval: 0.5" (minutes)
 *         .enableAI(true)
 *         .build();
 * }</pre>
 *
 * @param provider               the mail service
 * @param accountId              the account
 * @param userId                 the host's user owning the account
 * @param email                  the mailbox address
 * @param enableWebhooks         whether to register push (Graph subscription, Gmail watch); never for IMAP, which
 *                               uses IDLE instead
 * @param pollingInterval        how often to poll under push; at least {@link #MIN_POLLING_INTERVAL}, at most
 *                               {@link #MAX_POLLING_INTERVAL}, default {@link #DEFAULT_POLLING_INTERVAL}
 * @param enableAI               whether AI processors run for this account's new mail
 * @param enableDraftPreparation whether draft-preparing processors run for this account's new mail
 * @param notifyFrom             "created" events are sent only for mail received at or after this instant; when
 *                               empty, the moment the account is first registered (so historical mail is not announced)
 */
public record SyncOptions(
        Provider provider,
        AccountId accountId,
        String userId,
        String email,
        boolean enableWebhooks,
        Duration pollingInterval,
        boolean enableAI,
        boolean enableDraftPreparation,
        Optional<Instant> notifyFrom) {

    /** The shortest polling interval accepted: 5 seconds. */
    public static final Duration MIN_POLLING_INTERVAL = Duration.ofSeconds(5);
    /** The longest polling interval accepted: 1 day. */
    public static final Duration MAX_POLLING_INTERVAL = Duration.ofDays(1);
    /** The polling interval when none is given: 60 seconds. */
    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(60);

    public SyncOptions {
        require(provider != null, "provider must be set");
        require(accountId != null, "accountId must be set");
        require(userId != null && !userId.isBlank(), "userId must be set and not blank");
        require(email != null && isPlausibleAddress(email), "email must be a mailbox address like user@example.com, was "
                + (email == null ? "null" : '"' + email + '"'));
        require(!enableWebhooks || provider.supportsWebhooks(), "enableWebhooks must be false for provider " + provider
                + ": it has no webhooks (IMAP pushes through IDLE, which runs whenever the server supports it)");
        require(pollingInterval != null, "pollingInterval must be set");
        require(pollingInterval.compareTo(MIN_POLLING_INTERVAL) >= 0,
                "pollingInterval must be >= " + MIN_POLLING_INTERVAL + ", was " + pollingInterval);
        require(pollingInterval.compareTo(MAX_POLLING_INTERVAL) <= 0,
                "pollingInterval must be <= " + MAX_POLLING_INTERVAL + ", was " + pollingInterval);
        Objects.requireNonNull(notifyFrom, "notifyFrom");
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive changed ones. */
    public Builder toBuilder() {
        Builder b = new Builder().provider(provider).accountId(accountId).userId(userId).email(email)
                .enableWebhooks(enableWebhooks).pollingInterval(pollingInterval).enableAI(enableAI)
                .enableDraftPreparation(enableDraftPreparation);
        notifyFrom.ifPresent(b::notifyFrom);
        return b;
    }

    private static boolean isPlausibleAddress(String email) {
        int at = email.lastIndexOf('@');
        return at > 0 && at < email.length() - 1 && email.strip().equals(email) && email.indexOf(' ') < 0;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds {@link SyncOptions}. Not thread-safe. */
    public static final class Builder {
        private Provider provider;
        private AccountId accountId;
        private String userId;
        private String email;
        private Boolean enableWebhooks;
        private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
        private boolean enableAI;
        private boolean enableDraftPreparation;
        private Instant notifyFrom;

        private Builder() {
        }

        public Builder provider(Provider provider) { this.provider = provider; return this; }
        public Builder accountId(AccountId accountId) { this.accountId = accountId; return this; }
        public Builder userId(String userId) { this.userId = userId; return this; }
        public Builder email(String email) { this.email = email; return this; }

        /** Defaults to {@code true} for providers with webhooks and {@code false} for IMAP. */
        public Builder enableWebhooks(boolean enableWebhooks) { this.enableWebhooks = enableWebhooks; return this; }

        public Builder pollingInterval(Duration pollingInterval) { this.pollingInterval = pollingInterval; return this; }

        /** The seed's unit: {@code pollingIntervalMinutes(0.5)} is 30 seconds. */
        public Builder pollingIntervalMinutes(double minutes) {
            if (!(minutes > 0) || Double.isInfinite(minutes)) {
                throw new IllegalArgumentException("pollingInterval must be a positive number of minutes, was " + minutes);
            }
            this.pollingInterval = Duration.ofMillis(Math.round(minutes * 60_000));
            return this;
        }

        public Builder enableAI(boolean enableAI) { this.enableAI = enableAI; return this; }
        public Builder enableDraftPreparation(boolean enable) { this.enableDraftPreparation = enable; return this; }
        public Builder notifyFrom(Instant notifyFrom) { this.notifyFrom = notifyFrom; return this; }

        /** The options; throws {@link IllegalArgumentException} naming the first invalid field. */
        public SyncOptions build() {
            boolean webhooks = enableWebhooks != null ? enableWebhooks : provider != null && provider.supportsWebhooks();
            return new SyncOptions(provider, accountId, userId, email, webhooks, pollingInterval, enableAI,
                    enableDraftPreparation, Optional.ofNullable(notifyFrom));
        }
    }
}
