/**
 * The Gmail provider: {@link io.mailsync.gmail.GmailMailProvider} (history, quota-paced batch fetches, watch),
 * {@link io.mailsync.gmail.GmailPushHandler} (verified Pub/Sub push) and {@link io.mailsync.gmail.GmailPullSubscriber}.
 */
package io.mailsync.gmail;
