/**
 * A faithful local fake of the Microsoft Graph mail API, {@link io.mailsync.testkit.graph.GraphFake}, for testing
 * Graph clients offline: mail folders and their delta, per-folder message delta with absolute next/delta links,
 * {@code @removed} entries and {@code 410 syncStateNotFound}, subscriptions with the validation handshake and change
 * notifications, {@code $batch}, Graph's per-mailbox throttling, and fault injection. Mailboxes are changed through
 * {@link io.mailsync.testkit.graph.FakeMailbox}. What it does not cover is listed on
 * {@link io.mailsync.testkit.graph.GraphFake}.
 */
package io.mailsync.testkit.graph;
