package io.mailsync.graph;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.Credentials;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Graph session used directly, without the engine: addressing, links, mapping. */
class GraphSessionIT {

    private final GraphFake fake = GraphFake.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    private MailboxSession open(GraphMailProvider provider, String token) {
        Credential credential = Credential.oauth2("carol@example.com", token, null, Instant.now().plusSeconds(3600));
        Credentials credentials = new Credentials() {
            @Override
            public Credential current() {
                return credential;
            }

            @Override
            public Credential refreshAfterRejection(Credential rejected) {
                throw new io.mailsync.core.AuthenticationRequiredException(AccountId.of("acc"), "no refresh");
            }
        };
        SyncOptions options = SyncOptions.builder().provider(Provider.MICROSOFT).accountId(AccountId.of("acc"))
                .userId("u").email("carol@example.com").build();
        return provider.open(new AccountContext(options, credentials, (a, f, s) -> false, Clock.systemUTC()));
    }

    @Test
    void appOnlyAccessReadsUsersIdPathsAndMapsMessages() {
        FakeMessage m = fake.mailbox("carol@example.com").add("inbox", FakeMessage.builder().subject("Hello")
                .internetMessageId("<abc@x>").from("Ada", "ada@example.org").to("carol@example.com").isRead(true)
                .hasAttachments(true).headers(List.of(new FakeMessage.Header("In-Reply-To", "<parent@x>")))
                .build());
        GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).appOnly(SyncOptions::email)
                .selectHeaders(true).build();
        try (MailboxSession session = open(provider, fake.issueAppToken())) {
            List<MailFolder> folders = session.folders();
            assertThat(folders.get(0).role()).isEqualTo(FolderRole.INBOX);
            assertThat(folders).extracting(MailFolder::role).contains(FolderRole.SENT, FolderRole.TRASH);
            ChangeBatch batch = session.fetchChanges(new FetchRequest(folders.get(0).id(), Optional.empty(), 50,
                    OptionalInt.empty()));
            assertThat(batch.upserts()).singleElement().satisfies(e -> {
                assertThat(e.internetMessageId()).contains("abc@x");
                assertThat(e.inReplyTo()).contains("parent@x");
                assertThat(e.flags()).contains("isRead", "hasAttachments");
                assertThat(e.to()).extracting(a -> a.address()).containsExactly("carol@example.com");
                assertThat(e.providerMessageId()).isEqualTo(m.id());
            });
            assertThat(batch.nextCursor().isIncremental()).isTrue();
        }
        assertThat(fake.requests()).allMatch(r -> r.path().startsWith("/users/carol@example.com")
                || r.path().equals("/$batch"));
    }

    @Test
    void foldersAndTheirRolesComeFromOneBatchAndTheFolderDeltaIsFollowedPastItsFirstPage() {
        var mailbox = fake.mailbox("carol@example.com");
        for (int i = 0; i < 120; i++) {
            mailbox.addFolder(String.format("Project %03d", i));
        }
        GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).build();
        try (MailboxSession session = open(provider, fake.issueToken("carol@example.com"))) {
            List<MailFolder> folders = session.folders();

            assertThat(folders).hasSize(mailbox.folders().size()).hasSizeGreaterThan(120);
            assertThat(folders.get(0).role()).isEqualTo(FolderRole.INBOX);
            assertThat(folders.get(1).role()).isEqualTo(FolderRole.SENT);
            assertThat(folders).extracting(MailFolder::name).contains("Project 000", "Project 119");
            assertThat(folders).extracting(MailFolder::role)
                    .contains(FolderRole.DRAFTS, FolderRole.TRASH, FolderRole.JUNK, FolderRole.ARCHIVE);
        }
        assertThat(fake.requests()).extracting(r -> r.path() + (r.query().contains("token") ? "?page" : ""))
                .containsOnlyOnce("/$batch", "/me/mailFolders/delta", "/me/mailFolders/delta?page");
    }

    @Test
    void aThrottledFolderDeltaInsideTheBatchIsARateLimitWithItsRetryAfter() {
        fake.mailbox("carol@example.com");
        fake.injectFault(io.mailsync.testkit.graph.FakeFault.throttle("/mailFolders/delta", Duration.ofSeconds(7), 1));
        GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).build();
        try (MailboxSession session = open(provider, fake.issueToken("carol@example.com"))) {
            assertThatThrownBy(session::folders).isInstanceOfSatisfying(io.mailsync.core.RateLimitedException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
            assertThat(session.folders()).isNotEmpty();
        }
    }

    @Test
    void aStoredLinkToAnotherHostIsNeverFollowed() {
        fake.mailbox("carol@example.com");
        GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).build();
        try (MailboxSession session = open(provider, fake.issueToken("carol@example.com"))) {
            SyncCursor forged = SyncCursor.of(FolderId.of("inbox"), SyncCursor.Phase.INCREMENTAL,
                    Map.of("link", "https://evil.example/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=x"));
            assertThatThrownBy(() -> session.fetchChanges(new FetchRequest(FolderId.of("inbox"), Optional.of(forged),
                    10, OptionalInt.empty()))).isInstanceOf(SyncStateInvalidException.class);
        }
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void historicalLimitKeepsTheNewestMessagesAndStillReachesTheDeltaLink() {
        var box = fake.mailbox("carol@example.com");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 12; i++) {
            box.add("inbox", FakeMessage.builder().subject("m" + i).receivedDateTime(t.plus(Duration.ofMinutes(i))).build());
        }
        GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).pageSize(5).build();
        try (MailboxSession session = open(provider, fake.issueToken("carol@example.com"))) {
            Optional<SyncCursor> cursor = Optional.empty();
            int upserts = 0;
            ChangeBatch batch;
            do {
                batch = session.fetchChanges(new FetchRequest(FolderId.of("inbox"), cursor, 5, OptionalInt.of(7)));
                upserts += batch.upserts().size();
                cursor = Optional.of(batch.nextCursor());
            } while (batch.hasMore());
            assertThat(upserts).isEqualTo(7);
            assertThat(cursor.get().isIncremental()).isTrue();
        }
    }
}
