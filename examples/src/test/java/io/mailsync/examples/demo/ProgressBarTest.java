package io.mailsync.examples.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void withoutATerminalPrintsOnePlainLinePerTenthAndAFinalLine() {
        ProgressBar bar = new ProgressBar(out, false, 1000);
        for (int done = 1; done <= 1000; done++) {
            bar.update("INBOX", done);
        }
        bar.finish("done", 1000);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain("\r");
        assertThat(printed.lines()).hasSize(11);
        assertThat(printed.lines().toList().getLast()).contains("100%", "1,000/1,000", "done");
    }

    @Test
    void onATerminalRedrawsOneLineInPlace() {
        ProgressBar bar = new ProgressBar(out, true, 10);
        bar.update("INBOX", 5);
        bar.finish("done", 10);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r").contains(" 50%", "100%").endsWith(System.lineSeparator());
        assertThat(printed.chars().filter(c -> c == '\r')).as("redraws").hasSize(2);
        assertThat(printed.chars().filter(c -> c == '\n')).as("line ends").hasSize(1);
    }

    @Test
    void anUnknownTotalShowsACounterAndLaterUpdatesAfterFinishAreIgnored() {
        ProgressBar bar = new ProgressBar(out, false, 0);
        bar.update("Sent", 1);
        bar.finish("done", 3);
        bar.update("Sent", 4);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(2);
        assertThat(printed).contains("1 messages").contains("3 messages").doesNotContain("4 messages");
    }
}
