-- Passkeys are factors of their own kind; passkey holds the WebAuthn
-- credential (store.Passkey), NULL for the other kinds.
ALTER TABLE factors ADD COLUMN passkey jsonb;
