-- Two-step verification: an organization may require it of its members,
-- and an account keeps its second-step methods (factors). The conventions
-- of 0001_init.sql hold.

-- Existing organizations do not require it.
ALTER TABLE orgs ADD COLUMN enforce_2fa boolean NOT NULL DEFAULT false;

-- secret is the sealed TOTP key (NULL when there is none); last_step is the
-- last TOTP time step accepted. The primary key serves an account's list:
-- an account has a handful of factors, sorted by created_at on the fly.
CREATE TABLE factors (
    account_id   text COLLATE "C" NOT NULL,
    id           text COLLATE "C" NOT NULL,
    kind         text NOT NULL,
    pending      boolean NOT NULL,
    secret       bytea,
    phone        text NOT NULL,
    code_hash    text NOT NULL,
    last_step    bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);
