-- What the phone knew when each photo was added (its clock, position and compass heading): kept beside the photo's own
-- EXIF time and position, and what stands in for them when the photo has none (core/photo-capture.ts).
ALTER TABLE field_check_photos
  ADD COLUMN captured_at timestamptz,
  ADD COLUMN capture_position geometry(Point, 4326),
  ADD COLUMN capture_accuracy_m double precision CHECK (capture_accuracy_m >= 0),
  ADD COLUMN heading_deg double precision CHECK (heading_deg >= 0 AND heading_deg < 360);
