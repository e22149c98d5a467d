-- mailsync schema, version 1. Flyway runs it with search_path set to the configured schema, so names are unqualified.

-- One synchronised mailbox. Keeps the seed's flags (is_active, real_time_sync_active, webhook_active, webhook_id,
-- polling_interval, last_sync_at) plus the status model.
CREATE TABLE email_accounts (
    id                      text        PRIMARY KEY,
    user_id                 text        NOT NULL,
    email                   text        NOT NULL,
    provider                text        NOT NULL,
    is_active               boolean     NOT NULL DEFAULT true,
    real_time_sync_active   boolean     NOT NULL DEFAULT false,
    webhook_active          boolean     NOT NULL DEFAULT false,
    webhook_id              text,
    subscription_expires_at timestamptz,
    polling_interval        interval    NOT NULL,
    status                  text        NOT NULL,
    last_sync_at            timestamptz,
    last_error_category     text,
    last_error_message      text,
    last_error_at           timestamptz,
    notify_from             timestamptz NOT NULL,
    options                 jsonb       NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_accounts_user_id ON email_accounts (user_id);

-- Each account's credential, encrypted with Tink AEAD (associated data: the account id). Never readable as text.
CREATE TABLE account_credentials (
    email_account_id text        PRIMARY KEY,
    kind             text        NOT NULL,
    ciphertext       bytea       NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The folders of an account as the provider lists them.
CREATE TABLE folders (
    email_account_id text        NOT NULL,
    folder_id        text        NOT NULL,
    name             text        NOT NULL,
    role             text        NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email_account_id, folder_id)
);

-- Every stored message. Unique per account (never a global unique on message_id: two accounts receive the same
-- message). Addresses, attachments and headers are JSONB; flags a sorted text[]; content_hash is a SHA-256 of every
-- field but the flags, so an unchanged upsert writes nothing.
CREATE TABLE email_index (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_account_id    text        NOT NULL,
    provider_message_id text        NOT NULL,
    folder_id           text        NOT NULL,
    message_id          text,
    thread_id           text,
    in_reply_to         text,
    message_references  jsonb       NOT NULL,
    from_address        jsonb,
    to_addresses        jsonb       NOT NULL,
    cc_addresses        jsonb       NOT NULL,
    bcc_addresses       jsonb       NOT NULL,
    reply_to_addresses  jsonb       NOT NULL,
    subject             text        NOT NULL,
    snippet             text        NOT NULL,
    sent_at             timestamptz,
    received_at         timestamptz NOT NULL,
    flags               text[]      NOT NULL,
    size                bigint      NOT NULL,
    attachments         jsonb       NOT NULL,
    has_attachments     boolean     NOT NULL,
    text_body           text,
    html_body           text,
    headers             jsonb       NOT NULL,
    content_hash        bytea       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_index_account_provider_id UNIQUE (email_account_id, provider_message_id)
);
CREATE INDEX email_index_account_folder ON email_index (email_account_id, folder_id);
CREATE INDEX email_index_account_received ON email_index (email_account_id, received_at DESC);
-- A hash index has no key-size limit, so any Message-ID (even a hostile 1 MB one) is indexed losslessly.
CREATE INDEX email_index_message_id ON email_index USING hash (message_id);
CREATE INDEX email_index_thread ON email_index (email_account_id, thread_id) WHERE thread_id IS NOT NULL;

-- One cursor per account and folder; version is the compare-and-set counter.
CREATE TABLE email_sync_state (
    email_account_id text        NOT NULL,
    folder_id        text        NOT NULL,
    phase            text        NOT NULL,
    state            jsonb       NOT NULL,
    version          bigint      NOT NULL CHECK (version >= 1),
    last_updated     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email_account_id, folder_id)
);

-- The durable processing queue (claimed with FOR UPDATE SKIP LOCKED). Completed jobs are deleted.
CREATE TABLE processing_jobs (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_account_id    text        NOT NULL,
    provider_message_id text        NOT NULL,
    kind                text        NOT NULL,
    priority            integer     NOT NULL DEFAULT 0,
    state               text        NOT NULL DEFAULT 'PENDING'
                                    CHECK (state IN ('PENDING', 'RUNNING', 'DEAD')),
    attempts            integer     NOT NULL DEFAULT 0,
    max_attempts        integer     NOT NULL,
    next_run_at         timestamptz NOT NULL DEFAULT now(),
    locked_by           text,
    locked_at           timestamptz,
    last_error          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processing_jobs_ready ON processing_jobs (priority DESC, next_run_at, id) WHERE state = 'PENDING';
CREATE INDEX processing_jobs_running ON processing_jobs (locked_at) WHERE state = 'RUNNING';
CREATE INDEX processing_jobs_account ON processing_jobs (email_account_id, state);
-- One live job per message and kind: a replayed batch does not enqueue twice.
CREATE UNIQUE INDEX processing_jobs_live ON processing_jobs (email_account_id, provider_message_id, kind)
    WHERE state IN ('PENDING', 'RUNNING');

-- Drafts prepared by processors, kept until they expire.
CREATE TABLE drafts_cache (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_account_id    text        NOT NULL,
    provider_message_id text        NOT NULL,
    content             jsonb       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    UNIQUE (email_account_id, provider_message_id)
);
CREATE INDEX drafts_cache_expires ON drafts_cache (expires_at);

-- Contacts extracted from mail, per account.
CREATE TABLE contacts (
    email_account_id text        NOT NULL,
    address          text        NOT NULL,
    name             text        NOT NULL DEFAULT '',
    message_count    bigint      NOT NULL DEFAULT 0,
    last_seen_at     timestamptz,
    PRIMARY KEY (email_account_id, address)
);

-- What happened, for operators: rejected messages, resyncs, status changes.
CREATE TABLE sync_event_log (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_account_id    text        NOT NULL,
    folder_id           text,
    provider_message_id text,
    event_type          text        NOT NULL,
    detail              text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_event_log_account ON sync_event_log (email_account_id, created_at DESC);
