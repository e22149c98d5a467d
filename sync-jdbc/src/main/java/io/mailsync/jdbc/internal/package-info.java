/** Internals of the PostgreSQL store: SQL, row encoding, encryption. Not part of the API; free to change. */
package io.mailsync.jdbc.internal;
