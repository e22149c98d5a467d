/**
 * The Microsoft Graph provider: per-folder delta, subscriptions and webhooks (filled in by the sync-graph issue).
 */
package io.mailsync.graph;
