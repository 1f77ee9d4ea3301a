-- Sign-in hardening. Tries are reserved per account before the password is checked (one UPDATE … RETURNING, so no
-- number of concurrent requests gets more than the limit checked), and every sign-in is logged for the admin: who,
-- when, from where, whether it succeeded and why not. The log also gives the per-address failure count that slows
-- (never locks) an address. It replaces login_failures, whose count was read before it was written.

CREATE TABLE sign_in_tries (
  username     text PRIMARY KEY,
  window_start timestamptz NOT NULL DEFAULT now(),
  tries        integer NOT NULL DEFAULT 0
);

CREATE TABLE sign_in_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  username text NOT NULL,
  user_id  integer REFERENCES users(id) ON DELETE SET NULL,
  address  text NOT NULL,
  success  boolean NOT NULL,
  reason   text NOT NULL CHECK (reason IN ('ok', 'bad_password', 'unknown_user', 'account_locked'))
);
CREATE INDEX sign_in_log_at ON sign_in_log (at);
CREATE INDEX sign_in_log_address ON sign_in_log (address, at) WHERE NOT success;

DROP TABLE login_failures;
