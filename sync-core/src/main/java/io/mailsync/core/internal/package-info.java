/**
 * The sync engine. Not part of the API: free to change between releases. Hosts use {@link io.mailsync.core.MailSync}.
 */
package io.mailsync.core.internal;
