package io.mailsync.testkit.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real-world MIME messages in {@code ../shared/corpus/mime/} (CPython, mime4j, mailparser, Ruby Mail test
 * messages, byte for byte; see its SOURCES.md). Found from the {@code mailsync.root} system property (the build sets
 * it to the repository root) or the working directory. Tests skip with {@link #SKIP_MESSAGE} where it is absent.
 */
public final class SharedMimeCorpus {

    /** What a test says when it skips for lack of the corpus. */
    public static final String SKIP_MESSAGE = "SKIPPED: ../shared/corpus/mime is absent (a user's clone); CI has it";

    private SharedMimeCorpus() {
    }

    /** The corpus directory, when present. */
    public static Optional<Path> directory() {
        String root = System.getProperty("mailsync.root", ".");
        for (Path candidate : List.of(Path.of(root, "..", "shared", "corpus", "mime"),
                Path.of(root, "..", "..", "shared", "corpus", "mime"), Path.of("..", "shared", "corpus", "mime"))) {
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** Every message file of the corpus (not SOURCES.md), sorted by path. */
    public static List<Path> messages() {
        Path dir = directory().orElseThrow(() -> new IllegalStateException(SKIP_MESSAGE));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
