/**
 * The self-contained demo ({@link io.mailsync.examples.demo.Demo}): GreenMail IMAP seeded from the test kit's corpus,
 * an embedded PostgreSQL, historical sync with a progress bar, real time with new mail arriving, and a summary; plus
 * the console pieces the CLI shares with it (progress bar, Ctrl-C handling, the embedded database, logging).
 */
package io.mailsync.examples.demo;
