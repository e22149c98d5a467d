package io.mailsync.testkit.contract;

import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.EmailStore;

/** {@link InMemoryMailStore} keeps the {@link EmailStoreContract}. */
class InMemoryEmailStoreContractTest extends EmailStoreContract {

    @Override
    protected EmailStore createStore() {
        return new InMemoryMailStore();
    }
}
