-- Previews of a campaign's set-up imports (unit boundaries, task sheets), kept on the server like import_previews:
-- a commit names a preview, so only what the server itself read and found valid can be written.
CREATE TABLE campaign_setup_previews (
  id           text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  campaign_id  integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('units', 'tasks')),
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz
);
