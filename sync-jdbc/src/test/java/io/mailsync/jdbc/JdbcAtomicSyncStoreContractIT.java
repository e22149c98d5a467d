package io.mailsync.jdbc;

import io.mailsync.core.spi.AtomicSyncStore;
import io.mailsync.testkit.contract.AtomicSyncStoreContract;

/** {@link JdbcMailStore} keeps the {@link AtomicSyncStoreContract} against a real PostgreSQL. */
class JdbcAtomicSyncStoreContractIT extends AtomicSyncStoreContract {

    @Override
    protected AtomicSyncStore createStore() {
        return Stores.shared();
    }
}
