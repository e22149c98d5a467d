package io.mailsync.jdbc;

import io.mailsync.core.spi.EmailStore;
import io.mailsync.testkit.contract.EmailStoreContract;

/** {@link JdbcMailStore} keeps the {@link EmailStoreContract} against a real PostgreSQL. */
class JdbcEmailStoreContractIT extends EmailStoreContract {

    @Override
    protected EmailStore createStore() {
        return Stores.shared();
    }
}
