package io.mailsync.examples.cli;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.SyncError;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static CliFailure of(ErrorCategory category, String words) {
        return Failures.of(new SyncError(category, words, Instant.EPOCH), "imap.example.org:993", "--password-env");
    }

    @Test
    void anAuthenticationErrorIsExitCode3NamingTheCredentialOption() {
        CliFailure f = of(ErrorCategory.AUTHENTICATION, "AUTHENTICATIONFAILED Invalid credentials");

        assertThat(f.exitCode()).isEqualTo(ExitCode.AUTH);
        assertThat(f.getMessage()).isEqualTo("imap.example.org:993 rejected the credentials "
                + "(AUTHENTICATIONFAILED Invalid credentials): check --password-env");
    }

    @Test
    void tlsAndConnectionFailuresAreExitCode4() {
        assertThat(of(ErrorCategory.TRANSIENT, "Unrecognized SSL message, plaintext connection?").getMessage())
                .startsWith("TLS with imap.example.org:993 failed");
        assertThat(of(ErrorCategory.TRANSIENT, "PKIX path building failed").exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        CliFailure refused = of(ErrorCategory.TRANSIENT, "Connection refused");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(refused.getMessage()).startsWith("cannot reach imap.example.org:993 (Connection refused)");
    }

    @Test
    void anyOtherErrorIsExitCode1WithTheProvidersWords() {
        CliFailure f = of(ErrorCategory.PROVIDER, "NO [NONEXISTENT] Unknown Mailbox: Archive");

        assertThat(f.exitCode()).isEqualTo(ExitCode.SYNC_ERROR);
        assertThat(f.getMessage()).isEqualTo("sync with imap.example.org:993 failed: provider: "
                + "NO [NONEXISTENT] Unknown Mailbox: Archive");
    }
}
