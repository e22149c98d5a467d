package io.mailsync.testkit.contract;

import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.AtomicSyncStore;

/** {@link InMemoryMailStore} keeps the {@link AtomicSyncStoreContract}. */
class InMemoryAtomicSyncStoreContractTest extends AtomicSyncStoreContract {

    @Override
    protected AtomicSyncStore createStore() {
        return new InMemoryMailStore();
    }
}
