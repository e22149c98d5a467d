package io.mailsync.gmail;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The Pub/Sub Subscriber against an in-process gRPC Subscriber service (no emulator can be installed here). */
class GmailPullSubscriberIT {

    private static final AccountId ALICE = AccountId.of("alice");

    /** Streams the given messages on the first request and records every ack. */
    static final class FakeSubscriberService extends SubscriberGrpc.SubscriberImplBase {
        final List<ReceivedMessage> messages;
        final Set<String> acked = ConcurrentHashMap.newKeySet();

        FakeSubscriberService(List<ReceivedMessage> messages) {
            this.messages = messages;
        }

        @Override
        public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> out) {
            return new StreamObserver<>() {
                boolean sent;

                @Override
                public void onNext(StreamingPullRequest request) {
                    acked.addAll(request.getAckIdsList());
                    if (!sent) {
                        sent = true;
                        out.onNext(StreamingPullResponse.newBuilder().addAllReceivedMessages(messages).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }

        @Override
        public void acknowledge(com.google.pubsub.v1.AcknowledgeRequest request,
                                StreamObserver<com.google.protobuf.Empty> out) {
            acked.addAll(request.getAckIdsList());
            out.onNext(com.google.protobuf.Empty.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void modifyAckDeadline(com.google.pubsub.v1.ModifyAckDeadlineRequest request,
                                      StreamObserver<com.google.protobuf.Empty> out) {
            out.onNext(com.google.protobuf.Empty.getDefaultInstance());
            out.onCompleted();
        }
    }

    private static ReceivedMessage message(String ackId, String data) {
        return ReceivedMessage.newBuilder().setAckId(ackId).setMessage(PubsubMessage.newBuilder()
                .setMessageId("m-" + ackId).setData(ByteString.copyFrom(data, StandardCharsets.UTF_8))).build();
    }

    @Test
    void triggersKnownMailboxesAndAcksEveryMessageIncludingMalformedOnes() throws Exception {
        FakeSubscriberService service = new FakeSubscriberService(List.of(
                message("a1", "{\"emailAddress\":\"alice@example.com\",\"historyId\":\"100\"}"),
                message("a2", "{\"emailAddress\":\"alice@example.com\",\"historyId\":101}"),
                message("a3", "{\"emailAddress\":\"stranger@example.com\",\"historyId\":1}"),
                message("a4", "not json")));
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        TriggerSink sink = mock(TriggerSink.class);
        try (GmailPullSubscriber subscriber = GmailPullSubscriber.builder()
                .subscription("projects/demo/subscriptions/gmail-pull").triggerSink(sink)
                .accountLookup(e -> e.equals("alice@example.com") ? Optional.of(ALICE) : Optional.empty())
                .channelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .credentialsProvider(NoCredentialsProvider.create()).build().start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.acked.size() == 4);
            verify(sink, times(2)).trigger(ALICE, FolderId.MAILBOX, TriggerSource.PUBSUB);
            assertThat(service.acked).containsExactlyInAnyOrder("a1", "a2", "a3", "a4");
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }
}
