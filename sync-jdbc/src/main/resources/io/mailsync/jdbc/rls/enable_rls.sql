-- Optional row-level security per host user (not a migration: run by RowLevelSecurity.enable, or by hand with
-- ${schema} replaced). A session sees only the rows of the accounts whose user_id equals the setting
-- mailsync.user_id (set it with: SELECT set_config('mailsync.user_id', '<user>', true) inside the transaction).
-- Policies bind roles other than the tables' owner: the sync engine, connected as the owner, keeps seeing every row,
-- while the host's user-facing role sees one user's mail. A session without the setting sees nothing.
ALTER TABLE ${schema}.email_accounts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.email_accounts;
CREATE POLICY mailsync_user ON ${schema}.email_accounts
    USING (user_id = current_setting('mailsync.user_id', true));
ALTER TABLE ${schema}.email_index ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.email_index;
CREATE POLICY mailsync_user ON ${schema}.email_index
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.email_sync_state ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.email_sync_state;
CREATE POLICY mailsync_user ON ${schema}.email_sync_state
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.account_credentials ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.account_credentials;
CREATE POLICY mailsync_user ON ${schema}.account_credentials
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.folders ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.folders;
CREATE POLICY mailsync_user ON ${schema}.folders
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.processing_jobs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.processing_jobs;
CREATE POLICY mailsync_user ON ${schema}.processing_jobs
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.drafts_cache ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.drafts_cache;
CREATE POLICY mailsync_user ON ${schema}.drafts_cache
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.contacts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.contacts;
CREATE POLICY mailsync_user ON ${schema}.contacts
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.sync_event_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.sync_event_log;
CREATE POLICY mailsync_user ON ${schema}.sync_event_log
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.processing_results ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.processing_results;
CREATE POLICY mailsync_user ON ${schema}.processing_results
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.contact_messages ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.contact_messages;
CREATE POLICY mailsync_user ON ${schema}.contact_messages
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
ALTER TABLE ${schema}.account_leases ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS mailsync_user ON ${schema}.account_leases;
CREATE POLICY mailsync_user ON ${schema}.account_leases
    USING (email_account_id IN (SELECT id FROM ${schema}.email_accounts));
