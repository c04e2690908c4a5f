-- The organization a person last switched to (store.Account.CurrentOrgID).
ALTER TABLE accounts ADD COLUMN current_org_id text COLLATE "C" NOT NULL DEFAULT '';
