-- An event's organization, whose admins read it in their log, and who
-- acted when not the account itself.
ALTER TABLE audit ADD COLUMN org_id text NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN actor text NOT NULL DEFAULT '';
CREATE INDEX audit_org_time ON audit (org_id, time DESC, id DESC) WHERE org_id <> '';
