package io.mailsync.testkit.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The generator's choices, drawn from one seeded {@link Random} so that a seed always gives the same corpus
 * ({@code java.util.Random}'s algorithm is fixed by its specification). Not thread-safe.
 */
final class Randoms {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Random random;

    Randoms(long seed) {
        this.random = new Random(seed);
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A number in {@code [min, max]}, both inclusive. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** A number in {@code [0, bound)}; derived from {@link Random#nextDouble()}, whose algorithm is specified. */
    long below(long bound) {
        return (long) (random.nextDouble() * bound);
    }

    /** A uniform value in {@code [0, 1)}. */
    double fraction() {
        return random.nextDouble();
    }

    /** One of {@code items}, uniformly. */
    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Up to {@code count} distinct items of {@code items} that are not in {@code excluded}, in random order. */
    <T> List<T> some(List<T> items, int count, Collection<T> excluded) {
        List<T> candidates = new ArrayList<>(items);
        candidates.removeAll(excluded);
        Collections.shuffle(candidates, random);
        return List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));
    }

    /** {@code digits} lower-case hexadecimal digits. */
    String hex(int digits) {
        char[] out = new char[digits];
        for (int i = 0; i < digits; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }
}
