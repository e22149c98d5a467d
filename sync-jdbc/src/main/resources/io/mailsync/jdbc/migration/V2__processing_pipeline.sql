-- mailsync schema, version 2: the processing queue of the core pipeline SPI (leases, ageing, dead letters kept live)
-- and the processors' results.

-- A job is live from enqueue until it completes: queued (PENDING), claimed (RUNNING, until lease_until) or
-- dead-lettered (DEAD, until requeued). Completed jobs are deleted, so every row is live and one unique key per
-- message and kind keeps a message from being queued twice. Keep at most one row per key before adding it.
DELETE FROM processing_jobs d
 USING processing_jobs l
 WHERE d.email_account_id = l.email_account_id AND d.provider_message_id = l.provider_message_id
   AND d.kind = l.kind AND d.state = 'DEAD' AND (l.state <> 'DEAD' OR l.id > d.id);
DROP INDEX processing_jobs_live;
DROP INDEX processing_jobs_ready;
DROP INDEX processing_jobs_running;

ALTER TABLE processing_jobs
    ADD COLUMN enqueued_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN claim_seq   bigint      NOT NULL DEFAULT 0,
    ADD COLUMN failed_at   timestamptz,
    ALTER COLUMN kind SET DEFAULT 'process-message',
    DROP COLUMN max_attempts,
    DROP COLUMN locked_by,
    DROP COLUMN locked_at;
UPDATE processing_jobs SET enqueued_at = created_at;
UPDATE processing_jobs SET failed_at = updated_at WHERE state = 'DEAD';
UPDATE processing_jobs SET priority = least(greatest(priority, 0), 100);
ALTER TABLE processing_jobs ADD CONSTRAINT processing_jobs_priority CHECK (priority BETWEEN 0 AND 100);

CREATE UNIQUE INDEX processing_jobs_message ON processing_jobs (email_account_id, provider_message_id, kind);
-- One FIFO per priority: a claim reads the head of each of the 101 levels (see JdbcProcessingQueue).
CREATE INDEX processing_jobs_ready ON processing_jobs (priority, enqueued_at, id) WHERE state = 'PENDING';
CREATE INDEX processing_jobs_leased ON processing_jobs (lease_until) WHERE state = 'RUNNING';
CREATE INDEX processing_jobs_dead ON processing_jobs (failed_at, id) WHERE state = 'DEAD';

-- What processors concluded, once per message, processor and processor version (inserts never replace).
CREATE TABLE processing_results (
    email_account_id    text        NOT NULL,
    provider_message_id text        NOT NULL,
    processor           text        NOT NULL,
    processor_version   integer     NOT NULL CHECK (processor_version >= 1),
    result_values       jsonb       NOT NULL,
    processed_at        timestamptz NOT NULL,
    PRIMARY KEY (email_account_id, provider_message_id, processor, processor_version)
);
