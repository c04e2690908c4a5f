-- The algorithm a client's ID tokens are signed with (store.Client
-- IDTokenAlg): '' (RS256, every client before this) or 'ES256'.
ALTER TABLE clients ADD COLUMN id_token_alg text NOT NULL DEFAULT '';
