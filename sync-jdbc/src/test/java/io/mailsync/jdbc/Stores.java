package io.mailsync.jdbc;

import io.mailsync.testkit.postgres.TestPostgres;

/** Stores over the test JVM's one PostgreSQL. */
final class Stores {

    private static JdbcMailStore shared;

    private Stores() {
    }

    /** One store in its own schema, shared by the contract suites (they use fresh accounts per test). */
    static synchronized JdbcMailStore shared() {
        if (shared == null) {
            shared = fresh("contract");
        }
        return shared;
    }

    /** A new store in a new schema, with its own pool; the caller closes it. */
    static JdbcMailStore fresh(String prefix) {
        return builder(prefix).build();
    }

    /** A builder for a new schema on the test server, with its own pool. */
    static JdbcMailStore.Builder builder(String prefix) {
        TestPostgres pg = TestPostgres.shared();
        return JdbcMailStore.builder()
                .jdbcUrl(pg.jdbcUrl()).username(pg.user()).password(pg.password())
                .maximumPoolSize(12)
                .schema(pg.newSchemaName(prefix));
    }
}
