-- Users of a product in one organization, as the product knows them, and
-- where their move to Porta stands (store.ProductUser). The partial unique
-- index makes an account one linked user per product and organization.
CREATE TABLE product_users (
    client_id       text COLLATE "C" NOT NULL,
    org_id          text COLLATE "C" NOT NULL,
    user_id         text COLLATE "C" NOT NULL,
    display_name    text NOT NULL,
    emails          text[],
    postponed_until timestamptz NOT NULL,
    account_id      text COLLATE "C" NOT NULL,
    linked_at       timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (client_id, org_id, user_id)
);
CREATE UNIQUE INDEX product_users_account ON product_users (client_id, org_id, account_id) WHERE account_id <> '';
