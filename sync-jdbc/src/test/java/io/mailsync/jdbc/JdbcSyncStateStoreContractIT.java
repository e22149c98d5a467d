package io.mailsync.jdbc;

import io.mailsync.core.spi.SyncStateStore;
import io.mailsync.testkit.contract.SyncStateStoreContract;

/** {@link JdbcMailStore} keeps the {@link SyncStateStoreContract} against a real PostgreSQL. */
class JdbcSyncStateStoreContractIT extends SyncStateStoreContract {

    @Override
    protected SyncStateStore createStore() {
        return Stores.shared();
    }
}
