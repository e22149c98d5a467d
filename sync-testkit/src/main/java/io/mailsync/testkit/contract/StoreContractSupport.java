package io.mailsync.testkit.contract;

import io.mailsync.core.AccountId;
import org.junit.jupiter.api.BeforeEach;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every contract suite shares: the store under test, created before each test, and a fresh account per test.
 *
 * @param <S> the store SPI the suite checks
 */
public abstract class StoreContractSupport<S> {

    /** Threads that race in the concurrent tests. */
    protected static final int THREADS = 8;

    private S store;
    private AccountId account;

    /** For subclasses. */
    protected StoreContractSupport() {
    }

    /**
     * Creates the store under test. Called once before each test, from this class's {@code @BeforeEach} method,
     * which JUnit runs before a subclass's own {@code @BeforeEach} methods: start shared resources in a static
     * {@code @BeforeAll} method or inside this method. Closing the store, if needed, is the subclass's job.
     *
     * @return the store to test; not null
     */
    protected abstract S createStore();

    /**
     * A new account id, different from every id used before; the default is {@code contract-} and a random UUID.
     * Override it when the store only accepts accounts that exist elsewhere, and create the account here.
     *
     * @return a fresh account id
     */
    protected AccountId newAccountId() {
        return AccountId.of("contract-" + UUID.randomUUID());
    }

    /**
     * The store created for the current test.
     *
     * @return the store under test
     */
    protected final S store() {
        return store;
    }

    /**
     * The account the current test works in, from {@link #newAccountId()}.
     *
     * @return the current test's account
     */
    protected final AccountId account() {
        return account;
    }

    @BeforeEach
    final void createStoreUnderTest() {
        store = createStore();
        assertThat(store).as("createStore()").isNotNull();
        account = newAccountId();
    }
}
