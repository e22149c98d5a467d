package io.mailsync.imap.internal;

import io.mailsync.core.FolderRole;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FolderListerTest {

    @Test
    void specialUseAttributesDecideTheRole() {
        assertThat(FolderLister.role("[Gmail]/Sent Mail", '/', new String[] {"\\HasNoChildren", "\\Sent"}, Set.of()))
                .isEqualTo(FolderRole.SENT);
        assertThat(FolderLister.role("[Gmail]/All Mail", '/', new String[] {"\\All"}, Set.of()))
                .isEqualTo(FolderRole.ALL_MAIL);
        assertThat(FolderLister.role("inbox", '/', new String[0], Set.of())).isEqualTo(FolderRole.INBOX);
    }

    @Test
    void namesAreAFallbackOnlyForRolesNoFolderDeclares() {
        assertThat(FolderLister.role("INBOX.Sent Items", '.', new String[0], Set.of())).isEqualTo(FolderRole.SENT);
        assertThat(FolderLister.role("Archive/Sent", '/', new String[0], Set.of(FolderRole.SENT)))
                .isEqualTo(FolderRole.OTHER);
        assertThat(FolderLister.role("Projects", '/', new String[0], Set.of())).isEqualTo(FolderRole.OTHER);
    }
}
