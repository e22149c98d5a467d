/**
 * The service-provider interfaces a host or a provider module implements: stores ({@link io.mailsync.core.spi.EmailStore},
 * {@link io.mailsync.core.spi.SyncStateStore}, {@link io.mailsync.core.spi.AccountStore},
 * {@link io.mailsync.core.spi.CredentialStore}), mail providers ({@link io.mailsync.core.spi.MailProvider}),
 * processors ({@link io.mailsync.core.spi.EmailProcessor}) and listeners ({@link io.mailsync.core.spi.SyncListener}).
 *
 * <p>The test kit ({@code io.mailsync:sync-testkit}) has contract suites a host's own store implementation extends.
 */
package io.mailsync.core.spi;
