-- An organization can forbid "remember this device" for its members.
ALTER TABLE orgs ADD COLUMN forbid_remember_device boolean NOT NULL DEFAULT false;
