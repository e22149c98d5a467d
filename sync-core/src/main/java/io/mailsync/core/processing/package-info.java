/**
 * Built-in pieces of the processing pipeline: a rule-based {@link io.mailsync.core.processing.RulePriorityScorer},
 * processors that do real work without any AI service ({@link io.mailsync.core.processing.ContactsProcessor},
 * {@link io.mailsync.core.processing.CategoryProcessor}, {@link io.mailsync.core.processing.LeadScoreProcessor}), and
 * AI processors on the {@link io.mailsync.core.spi.AiClient} SPI
 * ({@link io.mailsync.core.processing.SentimentProcessor},
 * {@link io.mailsync.core.processing.CategoryRefinementProcessor},
 * {@link io.mailsync.core.processing.DraftReplyProcessor}). Add them with {@code MailSync.Builder.processor(...)}.
 */
package io.mailsync.core.processing;
