/**
 * In-memory implementations of every store SPI, for tests, demos and embedders that keep nothing across restarts.
 */
package io.mailsync.core.memory;
