package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.SyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Renames of a batch (an IMAP UIDVALIDITY change remapped by stable ids) move stored rows without announcing them. */
class BatchCommitterRenameTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");
    private static final FolderId INBOX = FolderId.of("INBOX");

    private final InMemoryMailStore store = new InMemoryMailStore();
    private final BatchCommitter committer = new BatchCommitter(store, store, store, Clock.systemUTC());

    private static EmailMessage message(String id) {
        return EmailMessage.builder(ACCOUNT, id).folderId(INBOX).subject("s " + id).textBody("body " + id)
                .flags(Set.of("\\Seen")).build();
    }

    private static SyncCursor cursor(String v) {
        return SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("v", v));
    }

    @Test
    void renamedMessagesKeepTheirContentUnderTheNewIdAndAreNeitherInsertedNorDeleted() {
        committer.commit(ChangeBatch.builder(ACCOUNT, INBOX, cursor("1")).upsert(message("INBOX/1/5"))
                .upsert(message("INBOX/1/6")).build(), SyncStateStore.NO_VERSION, m -> 0, r -> { });
        long jobsBefore = store.depth(ACCOUNT);
        List<ApplyResult> announced = new ArrayList<>();

        ApplyResult result = committer.commit(ChangeBatch.builder(ACCOUNT, INBOX, cursor("2"))
                .rename("INBOX/1/5", "INBOX/2/1").flagUpdate(new FlagUpdate("INBOX/2/1", Set.of()))
                .deletion("INBOX/1/6").build(), 1, m -> 0, announced::add);

        assertThat(result.inserted()).isEmpty();
        assertThat(result.deleted()).containsExactly("INBOX/1/6");
        assertThat(result.updated()).containsExactly("INBOX/2/1");
        assertThat(store.find(ACCOUNT, "INBOX/1/5")).isEmpty();
        EmailMessage renamed = store.find(ACCOUNT, "INBOX/2/1").orElseThrow();
        assertThat(renamed.textBody()).contains("body INBOX/1/5");
        assertThat(renamed.flags()).isEmpty();
        assertThat(store.providerMessageIds(ACCOUNT, INBOX)).containsExactly("INBOX/2/1");
        assertThat(store.depth(ACCOUNT)).isEqualTo(jobsBefore);
        assertThat(store.load(ACCOUNT, INBOX).orElseThrow().cursor()).isEqualTo(cursor("2"));
    }

    @Test
    void replayedRenamesChangeNothing() {
        store.apply(ChangeBatch.builder(ACCOUNT, INBOX, cursor("1")).upsert(message("INBOX/1/5")).build());
        assertThat(store.renameMessages(ACCOUNT, INBOX, Map.of("INBOX/1/5", "INBOX/2/1"))).containsExactly("INBOX/2/1");

        assertThat(store.renameMessages(ACCOUNT, INBOX, Map.of("INBOX/1/5", "INBOX/2/1"))).isEmpty();
        assertThat(store.renameMessages(ACCOUNT, FolderId.of("Other"), Map.of("INBOX/2/1", "x")))
                .as("a message of another folder is not renamed").isEmpty();
        assertThat(store.find(ACCOUNT, "INBOX/2/1").orElseThrow().subject()).isEqualTo("s INBOX/1/5");
        assertThat(store.count(ACCOUNT)).isEqualTo(1);
    }
}
