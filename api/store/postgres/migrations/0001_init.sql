-- Porta's first schema: one table per record type of api/store, one column
-- per field. Migrations are append-only: change the schema in a new file.
--
-- Conventions, relied on by the Go code in api/store/postgres:
--   * Keys and the columns that lists sort on are COLLATE "C", so order is
--     byte order whatever the database's locale, as in the bbolt backend.
--   * Every time is timestamptz NOT NULL; Go's zero time is stored as
--     -infinity, which sorts and compares before every other time as the
--     zero time does in Go.
--   * No foreign keys: the store does not require that an account or an
--     organization exists before a session or a membership names it.

CREATE TABLE accounts (
    id                  text COLLATE "C" PRIMARY KEY,
    email               text COLLATE "C" NOT NULL UNIQUE,
    name                text NOT NULL,
    email_verified      boolean NOT NULL,
    password_hash       text NOT NULL,
    password_changed_at timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE TABLE sessions (
    id               text COLLATE "C" PRIMARY KEY,
    secret_hash      bytea,
    account_id       text COLLATE "C" NOT NULL,
    stage            text NOT NULL,
    amr              text[],
    created_at       timestamptz NOT NULL,
    authenticated_at timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    ip               text NOT NULL,
    user_agent       text NOT NULL
);
CREATE INDEX sessions_account_id ON sessions (account_id, created_at DESC, id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE failures (
    key          text COLLATE "C" PRIMARY KEY,
    count        integer NOT NULL,
    last_failure timestamptz NOT NULL,
    locked_until timestamptz NOT NULL
);

CREATE TABLE tokens (
    hash       text COLLATE "C" PRIMARY KEY,
    kind       text NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    email      text NOT NULL,
    data       text NOT NULL,
    attempts   integer NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX tokens_account_id ON tokens (account_id, kind);
CREATE INDEX tokens_expires_at ON tokens (expires_at);

CREATE TABLE audit (
    id         text COLLATE "C" PRIMARY KEY,
    time       timestamptz NOT NULL,
    type       text NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    email      text NOT NULL,
    ip         text NOT NULL,
    user_agent text NOT NULL,
    detail     text NOT NULL
);
CREATE INDEX audit_account_id_time ON audit (account_id, time DESC, id DESC);

CREATE TABLE secrets (
    name  text COLLATE "C" PRIMARY KEY,
    value bytea NOT NULL
);

CREATE TABLE orgs (
    id         text COLLATE "C" PRIMARY KEY,
    slug       text COLLATE "C" NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE memberships (
    org_id     text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    role       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX memberships_account_id ON memberships (account_id, org_id);

-- recipient is Message.To ("to" is a reserved word).
CREATE TABLE messages (
    id              text COLLATE "C" PRIMARY KEY,
    kind            text NOT NULL,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    data            text NOT NULL,
    status          text NOT NULL,
    attempts        integer NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    lease_owner     text NOT NULL,
    lease_until     timestamptz NOT NULL,
    last_error      text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
-- A claim reads only what is waiting, due first.
CREATE INDEX messages_pending ON messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX messages_created_at ON messages (created_at DESC, id);

CREATE TABLE devices (
    account_id    text COLLATE "C" NOT NULL,
    id            text COLLATE "C" NOT NULL,
    user_agent    text NOT NULL,
    ip            text NOT NULL,
    first_seen    timestamptz NOT NULL,
    last_seen     timestamptz NOT NULL,
    trusted_until timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);
