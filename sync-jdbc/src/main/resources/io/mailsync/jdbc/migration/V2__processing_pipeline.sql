-- mailsync schema, version 2: the processing queue of the core pipeline SPI (leases, ageing, dead letters kept live)
-- and the processors' results.

-- A job is live from enqueue until it completes: queued (PENDING), claimed (RUNNING, until lease_until), waiting
-- for a retry (WAITING, until next_run_at) or dead-lettered (DEAD, until requeued). Completed jobs are deleted, so
-- every row is live and one unique key per message and kind keeps a message from being queued twice. Keep at most one
-- row per key before adding it.
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
    ADD COLUMN rank_at     timestamptz,
    ALTER COLUMN kind SET DEFAULT 'process-message',
    DROP COLUMN max_attempts,
    DROP COLUMN locked_by,
    DROP COLUMN locked_at;
UPDATE processing_jobs SET enqueued_at = created_at;
UPDATE processing_jobs SET failed_at = updated_at WHERE state = 'DEAD';
UPDATE processing_jobs SET priority = least(greatest(priority, 0), 100);
-- Claim order: the effective priority is priority + age / ageing step, so ordering by it is ordering by
-- enqueued_at - priority * ageing step, a key that does not change while the job waits (set at enqueue, 10 s steps
-- by default) and that one index serves.
UPDATE processing_jobs SET rank_at = enqueued_at - priority * interval '10 seconds';
ALTER TABLE processing_jobs ALTER COLUMN rank_at SET NOT NULL, ALTER COLUMN rank_at SET DEFAULT now(); -- = priority 0
ALTER TABLE processing_jobs DROP CONSTRAINT processing_jobs_state_check;
ALTER TABLE processing_jobs ADD CONSTRAINT processing_jobs_state_check
    CHECK (state IN ('PENDING', 'RUNNING', 'WAITING', 'DEAD'));
UPDATE processing_jobs SET state = 'WAITING' WHERE state = 'PENDING' AND next_run_at > now();
UPDATE processing_jobs SET lease_until = now() WHERE state = 'RUNNING'; -- V1 claims: claimable again
ALTER TABLE processing_jobs ADD CONSTRAINT processing_jobs_priority CHECK (priority BETWEEN 0 AND 100);

CREATE UNIQUE INDEX processing_jobs_message ON processing_jobs (email_account_id, provider_message_id, kind);
CREATE INDEX processing_jobs_ready ON processing_jobs (rank_at, id) WHERE state = 'PENDING';
CREATE INDEX processing_jobs_leased ON processing_jobs (lease_until) WHERE state = 'RUNNING';
CREATE INDEX processing_jobs_waiting ON processing_jobs (next_run_at) WHERE state = 'WAITING';
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
