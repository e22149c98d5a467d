/**
 * Contract test suites for the store SPIs: abstract JUnit 5 classes that every implementation of
 * {@link io.mailsync.core.spi.EmailStore}, {@link io.mailsync.core.spi.SyncStateStore} and
 * {@link io.mailsync.core.spi.AtomicSyncStore} must pass, whether it is mailsync's in-memory store, its PostgreSQL
 * store or a host's own. They check what the engine relies on: idempotent applies on
 * {@code (account, providerMessageId)}, dedup per account, "inserted" reported exactly once even under races,
 * compare-and-set cursor versions, and all-or-nothing {@code applyAndSave}.
 *
 * <p>A host tests its own store by extending a suite in its test sources and saying how to create the store:
 *
 * <pre>{@code
 * class MyStoreContractTest extends EmailStoreContract {
 *     @Override
 *     protected EmailStore createStore() {
 *         return new MyEmailStore(dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>Likewise {@link io.mailsync.testkit.contract.SyncStateStoreContract} for a cursor store and
 * {@link io.mailsync.testkit.contract.AtomicSyncStoreContract} for a store that writes a batch and its cursor in
 * one transaction (which should extend all three suites, in three classes).
 *
 * <ul>
 *   <li>{@code createStore()} is called before every test. The store may be shared between tests (one connection
 *       pool, one database): every test works in fresh accounts from {@code newAccountId()}, a random UUID by
 *       default, so tests never see each other's rows and need no cleaning. Override {@code newAccountId()} when
 *       the store only accepts accounts known elsewhere, and create the account there.</li>
 *   <li>The suites' {@code @BeforeEach} runs before the subclass's own; start a database in a static
 *       {@code @BeforeAll} method (or with Testcontainers' JUnit extension), and close resources in
 *       {@code @AfterEach}/{@code @AfterAll}.</li>
 *   <li>Test methods are public and named for the behaviour they check; a subclass may override one to
 *       disable it, with a reason, or to add its own tests using {@code store()} and {@code account()}.</li>
 *   <li>Concurrent tests race 8 platform threads and time out after two minutes; test data uses
 *       millisecond-precision instants and non-ASCII text, including characters outside the BMP.</li>
 * </ul>
 *
 * <p>The suites depend on {@code junit-jupiter-api} and {@code assertj-core} only; the host's build supplies the
 * JUnit engine.
 */
package io.mailsync.testkit.contract;
