-- An organization's trusted email domains (linking without a code) and the
-- date from which its products use Porta sign-in.
ALTER TABLE orgs ADD COLUMN trusted_domains text[];
ALTER TABLE orgs ADD COLUMN switch_date timestamptz NOT NULL DEFAULT '-infinity';
