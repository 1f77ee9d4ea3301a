-- 外业核查任务 (field assignments): an admin or an editor asks a field account to check a parcel by a due date. The
-- status (待核查 / 已核查 / 逾期) is not stored: it follows from the field checks that person records of the parcel after
-- the assignment, and from the day (core/assignments.ts). Cancelling keeps the row; reassigning cancels it and makes a
-- new one for the other person (replaced_by), so what was asked of whom stays on record.
CREATE TABLE field_assignments (
  id            serial PRIMARY KEY,
  parcel_id     integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  assignee_id   integer NOT NULL REFERENCES users(id),
  assigned_by   integer NOT NULL REFERENCES users(id),
  due_date      date NOT NULL,
  note          text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  created_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  cancelled_by  integer REFERENCES users(id),
  replaced_by   integer REFERENCES field_assignments(id),
  CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL)),
  CHECK (replaced_by IS NULL OR cancelled_at IS NOT NULL)
);
CREATE INDEX field_assignments_parcel ON field_assignments (parcel_id, created_at DESC);
CREATE INDEX field_assignments_assignee ON field_assignments (assignee_id, created_at DESC);
-- A task is answered by the assignee's own check of the parcel: found by parcel and person.
CREATE INDEX field_checks_parcel_actor ON field_checks (parcel_id, actor, observed_at DESC);
