package io.mailsync.gmail;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;
import io.mailsync.gmail.internal.PushPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pub/Sub pull for hosts without a public endpoint: a {@code google-cloud-pubsub} {@link Subscriber} on the
 * subscription of the Gmail watch topic. Each message's data is the notification JSON
 * ({@code {emailAddress, historyId}}); the subscriber enqueues {@code trigger(account, MAILBOX, PUBSUB)} and acks
 * after that. Unknown mailboxes and malformed messages are acked and dropped (logged without the payload), so they
 * are not redelivered forever. {@link #close()} stops it. Thread-safe.
 */
public final class GmailPullSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GmailPullSubscriber.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Subscriber subscriber;
    private final TriggerSink triggers;
    private final GmailAccountLookup accounts;
    private final ManagedChannel ownedChannel;

    private GmailPullSubscriber(Builder b) {
        this.triggers = b.triggers;
        this.accounts = b.accounts;
        TransportChannelProvider channels = b.channelProvider;
        CredentialsProvider credentials = b.credentialsProvider;
        ManagedChannel owned = null;
        if (channels == null && b.endpoint != null) {
            owned = ManagedChannelBuilder.forTarget(b.endpoint).usePlaintext().build();
            channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(owned));
            credentials = credentials != null ? credentials : NoCredentialsProvider.create();
        }
        this.ownedChannel = owned;
        Subscriber.Builder sb = Subscriber.newBuilder(b.subscription, this::receive).setParallelPullCount(1);
        if (channels != null) {
            sb.setChannelProvider(channels);
        }
        if (credentials != null) {
            sb.setCredentialsProvider(credentials);
        }
        this.subscriber = sb.build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts pulling; returns when the subscriber runs. */
    public GmailPullSubscriber start() {
        subscriber.startAsync().awaitRunning();
        return this;
    }

    private void receive(PubsubMessage message, AckReplyConsumer reply) {
        PushPayload.Notification n;
        try {
            n = PushPayload.fromJson(message.getData().toByteArray());
        } catch (PushPayload.MalformedException e) {
            LOG.warn("Gmail Pub/Sub message {} dropped: {} ({} bytes)", message.getMessageId(), e.getMessage(),
                    message.getData().size());
            reply.ack();
            return;
        }
        Optional<AccountId> account = accounts.find(n.emailAddress());
        account.ifPresent(a -> triggers.trigger(a, FolderId.MAILBOX, TriggerSource.PUBSUB));
        reply.ack();
    }

    /** Stops pulling, waiting up to 10 seconds for in-flight messages. Idempotent. */
    @Override
    public void close() {
        try {
            subscriber.stopAsync().awaitTerminated(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | IllegalStateException e) {
            LOG.warn("Pub/Sub subscriber did not stop cleanly: {}", e.toString());
        } finally {
            if (ownedChannel != null) {
                ownedChannel.shutdownNow();
            }
        }
    }

    /** Builds a {@link GmailPullSubscriber}. Not thread-safe. */
    public static final class Builder {
        private String subscription;
        private TriggerSink triggers;
        private GmailAccountLookup accounts;
        private String endpoint;
        private TransportChannelProvider channelProvider;
        private CredentialsProvider credentialsProvider;

        /** The subscription, {@code projects/PROJECT/subscriptions/NAME}. */
        public Builder subscription(String subscription) { this.subscription = subscription; return this; }

        /** Where triggers go: usually the {@code MailSync} instance. */
        public Builder triggerSink(TriggerSink sink) { this.triggers = sink; return this; }

        /** Finds the account of a notification's address. */
        public Builder accountLookup(GmailAccountLookup lookup) { this.accounts = lookup; return this; }

        /** A plaintext endpoint without credentials ({@code host:port}), the way the Pub/Sub emulator is used. */
        public Builder emulatorEndpoint(String hostPort) { this.endpoint = hostPort; return this; }

        /** The gRPC channel provider (tests, custom transports); overrides {@link #emulatorEndpoint}. */
        public Builder channelProvider(TransportChannelProvider provider) { this.channelProvider = provider; return this; }

        /** Credentials for Pub/Sub (default: the application default credentials). */
        public Builder credentialsProvider(CredentialsProvider provider) { this.credentialsProvider = provider; return this; }

        /** The subscriber, not yet started. */
        public GmailPullSubscriber build() {
            if (subscription == null || !subscription.matches("projects/[^/]+/subscriptions/[^/]+")) {
                throw new IllegalArgumentException(
                        "subscription must look like projects/PROJECT/subscriptions/NAME, was " + subscription);
            }
            Objects.requireNonNull(triggers, "triggerSink");
            Objects.requireNonNull(accounts, "accountLookup");
            return new GmailPullSubscriber(this);
        }
    }
}
