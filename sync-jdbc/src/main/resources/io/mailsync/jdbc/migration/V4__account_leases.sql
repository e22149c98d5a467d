-- mailsync schema, version 4: account leases, so several instances share the accounts of one schema.

-- Which instance owns (syncs) an account, until when. A lease past expires_at may be taken over by any instance;
-- times are the database's (clock_timestamp()), so instances need no synchronised clocks.
CREATE TABLE account_leases (
    email_account_id text        PRIMARY KEY,
    owner            text        NOT NULL,
    acquired_at      timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX account_leases_owner ON account_leases (owner, email_account_id);
