-- Sweeps for what anonymous traffic creates, and a sign-in that owes a
-- password change. The conventions of 0001_init.sql hold.

-- A counter means nothing after expires_at. Counters written before it
-- existed read as the zero time, so the next sweep takes them.
ALTER TABLE failures ADD COLUMN expires_at timestamptz NOT NULL DEFAULT '-infinity';
CREATE INDEX failures_expires_at ON failures (expires_at);

ALTER TABLE sessions ADD COLUMN password_change_owed boolean NOT NULL DEFAULT false;

-- audit_account_id_time leads with the account; a sweep by age needs time first.
CREATE INDEX audit_time ON audit (time);
