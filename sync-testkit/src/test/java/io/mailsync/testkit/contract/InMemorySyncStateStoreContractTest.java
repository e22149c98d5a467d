package io.mailsync.testkit.contract;

import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.SyncStateStore;

/** {@link InMemoryMailStore} keeps the {@link SyncStateStoreContract}. */
class InMemorySyncStateStoreContractTest extends SyncStateStoreContract {

    @Override
    protected SyncStateStore createStore() {
        return new InMemoryMailStore();
    }
}
