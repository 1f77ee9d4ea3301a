-- Import previews kept on the server: a commit names a preview and the parcels chosen from it, so only what the
-- server itself read and found valid can be written (a client cannot slip in a parcel the preview refused).
CREATE TABLE import_previews (
  id           text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  campaign_id  integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  file_name    text NOT NULL,
  format       text NOT NULL,
  items        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz
);
