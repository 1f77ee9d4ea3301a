-- Accounts, server-side sessions and failed-login records (for rate limiting).

CREATE TABLE users (
  id            serial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{2,32}$'),
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'editor', 'field', 'viewer')),
  password_hash text NOT NULL,
  is_demo       boolean NOT NULL DEFAULT false,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The units an editor may change parcels in.
CREATE TABLE user_units (
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, unit_id)
);

-- Only a hash of the session token is stored: a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  id       bigserial PRIMARY KEY,
  username text NOT NULL,
  address  text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_recent ON login_failures (at);
