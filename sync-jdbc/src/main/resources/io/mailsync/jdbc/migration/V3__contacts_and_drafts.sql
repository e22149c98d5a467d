-- mailsync schema, version 3: contacts and drafts as the core ContactStore and DraftStore SPIs need them.

-- Contacts: one row per (account, normalised address) with counts per direction, first/last seen and the date of the
-- display name kept (the newest message that carried one wins).
ALTER TABLE contacts
    ADD COLUMN inbound_count  bigint      NOT NULL DEFAULT 0 CHECK (inbound_count >= 0),
    ADD COLUMN outbound_count bigint      NOT NULL DEFAULT 0 CHECK (outbound_count >= 0),
    ADD COLUMN first_seen_at  timestamptz,
    ADD COLUMN name_seen_at   timestamptz;
UPDATE contacts SET inbound_count = greatest(message_count, 0), last_seen_at = coalesce(last_seen_at, now());
UPDATE contacts SET first_seen_at = last_seen_at, name_seen_at = CASE WHEN name <> '' THEN last_seen_at END;
ALTER TABLE contacts
    ALTER COLUMN first_seen_at SET NOT NULL,
    ALTER COLUMN last_seen_at SET NOT NULL,
    DROP COLUMN message_count;
ALTER TABLE contacts ADD COLUMN message_count bigint GENERATED ALWAYS AS (inbound_count + outbound_count) STORED;
CREATE INDEX contacts_by_messages ON contacts (email_account_id, message_count DESC, address);

-- The messages already merged into contacts, so a message (a retried job) is merged once only.
CREATE TABLE contact_messages (
    email_account_id    text        NOT NULL,
    provider_message_id text        NOT NULL,
    merged_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email_account_id, provider_message_id)
);

-- Drafts: one per (account, thread), replaced when the thread changed; the body and the thread's fingerprint as
-- columns instead of V1's JSON content. expires_at keeps its index (drafts_cache_expires) for the cleanup.
ALTER TABLE drafts_cache
    ADD COLUMN thread_id          text,
    ADD COLUMN body               text,
    ADD COLUMN thread_fingerprint text;
UPDATE drafts_cache SET thread_id = coalesce(content ->> 'threadId', provider_message_id),
                        body = coalesce(content ->> 'body', ''),
                        thread_fingerprint = coalesce(content ->> 'threadFingerprint', '');
DELETE FROM drafts_cache d
 USING drafts_cache n
 WHERE d.email_account_id = n.email_account_id AND d.thread_id = n.thread_id
   AND (d.created_at, d.id) < (n.created_at, n.id);
ALTER TABLE drafts_cache
    ALTER COLUMN thread_id SET NOT NULL,
    ALTER COLUMN body SET NOT NULL,
    ALTER COLUMN thread_fingerprint SET NOT NULL,
    ALTER COLUMN created_at DROP DEFAULT,
    DROP CONSTRAINT drafts_cache_email_account_id_provider_message_id_key,
    DROP COLUMN content;
CREATE UNIQUE INDEX drafts_cache_thread ON drafts_cache (email_account_id, thread_id);
CREATE INDEX drafts_cache_newest ON drafts_cache (email_account_id, created_at DESC);
