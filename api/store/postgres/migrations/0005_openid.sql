-- The records of the OpenID Provider and of organization SSO
-- (api/store/openid.go). The conventions of 0001_init.sql hold; lists of
-- strings are text[], NULL when empty.

-- Few (one per product); listed whole, by id.
CREATE TABLE clients (
    id               text COLLATE "C" PRIMARY KEY,
    name             text NOT NULL,
    secret_hash      text NOT NULL,
    public           boolean NOT NULL,
    redirect_uris    text[],
    post_logout_uris text[],
    org_id           text COLLATE "C" NOT NULL,
    first_party      boolean NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE auth_requests (
    id                    text COLLATE "C" PRIMARY KEY,
    client_id             text COLLATE "C" NOT NULL,
    redirect_uri          text NOT NULL,
    scopes                text[],
    state                 text NOT NULL,
    nonce                 text NOT NULL,
    response_type         text NOT NULL,
    response_mode         text NOT NULL,
    code_challenge        text NOT NULL,
    code_challenge_method text NOT NULL,
    prompt                text[],
    max_age               bigint NOT NULL,
    has_max_age           boolean NOT NULL,
    login_hint            text NOT NULL,
    acr_values            text[],
    ui_locales            text[],
    org_slug              text NOT NULL,
    account_id            text COLLATE "C" NOT NULL,
    session_id            text COLLATE "C" NOT NULL,
    auth_time             timestamptz NOT NULL,
    amr                   text[],
    done                  boolean NOT NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL
);
CREATE INDEX auth_requests_expires_at ON auth_requests (expires_at);

CREATE TABLE grants (
    id           text COLLATE "C" PRIMARY KEY,
    account_id   text COLLATE "C" NOT NULL,
    client_id    text COLLATE "C" NOT NULL,
    scopes       text[],
    session_id   text COLLATE "C" NOT NULL,
    auth_time    timestamptz NOT NULL,
    amr          text[],
    org_id       text COLLATE "C" NOT NULL,
    refresh_hash text NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX grants_account_id ON grants (account_id, created_at DESC, id);
CREATE INDEX grants_expires_at ON grants (expires_at);

-- A handful; UpdateSigningKeys replaces them all under an advisory lock.
CREATE TABLE signing_keys (
    id          text COLLATE "C" PRIMARY KEY,
    algorithm   text NOT NULL,
    private_key bytea,
    public_key  bytea,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- The primary key serves an account's list, by client_id.
CREATE TABLE consents (
    account_id text COLLATE "C" NOT NULL,
    client_id  text COLLATE "C" NOT NULL,
    scopes     text[],
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, client_id)
);

-- domains keeps the record's list as given; identity_provider_domains
-- holds one row per domain, whose primary key makes a domain belong to at
-- most one provider and finds the provider for an email's domain.
CREATE TABLE identity_providers (
    id            text COLLATE "C" PRIMARY KEY,
    org_id        text COLLATE "C" NOT NULL,
    name          text NOT NULL,
    preset        text NOT NULL,
    issuer        text NOT NULL,
    client_id     text NOT NULL,
    client_secret bytea,
    domains       text[],
    trust_mfa     boolean NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX identity_providers_org_id ON identity_providers (org_id, id);

CREATE TABLE identity_provider_domains (
    domain      text COLLATE "C" PRIMARY KEY,
    provider_id text COLLATE "C" NOT NULL
);
CREATE INDEX identity_provider_domains_provider_id ON identity_provider_domains (provider_id);

CREATE TABLE external_identities (
    provider_id  text COLLATE "C" NOT NULL,
    subject      text COLLATE "C" NOT NULL,
    account_id   text COLLATE "C" NOT NULL,
    email        text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX external_identities_account_id ON external_identities (account_id, provider_id, subject);
