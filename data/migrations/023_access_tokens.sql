-- Personal access tokens for GIS clients (QGIS, ArcGIS Pro, GDAL), which cannot hold a browser session: sent as
-- Authorization: Bearer <token>, or as HTTP Basic with the user name and the token as password. Only a SHA-256 of
-- the token is stored (a copy of this table lets no one in); the token is shown once, when it is created. Accepted on
-- /ogc and /tiles only, never on the browser's routes that need the session's CSRF token.
CREATE TABLE access_tokens (
  id           serial PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  token_hash   text NOT NULL UNIQUE,
  -- The token's first characters, so a person can tell their tokens apart in the list.
  prefix       text NOT NULL,
  scope        text NOT NULL CHECK (scope IN ('read', 'read_write')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);
