package io.mailsync.core.processing;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;

import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * One rule of a {@link CategoryProcessor}: when {@code matches} holds for a message, it gets {@code category}.
 *
 * @param name     a short name, stored with the result ({@code "rule"}) to explain it
 * @param category the label given ({@link Category#label()} or a host's own)
 * @param matches  the test; must be fast, side-effect free and thread-safe
 */
public record CategoryRule(String name, String category, BiPredicate<EmailMessage, SyncOptions> matches) {

    public CategoryRule {
        requireText(name, "name");
        requireText(category, "category");
        Objects.requireNonNull(matches, "matches");
    }

    /** A rule giving a built-in category. */
    public static CategoryRule of(String name, Category category, BiPredicate<EmailMessage, SyncOptions> matches) {
        return new CategoryRule(name, category.label(), matches);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
