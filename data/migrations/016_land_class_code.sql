-- 地类编码: the parcel's land class code in the third national land survey's classification (e.g. 0601, 05H1),
-- as the coordinate file's parcel header carries it. Its format is checked where every other field rule lives,
-- in the field registry (core/fields/registry.ts), not here.
ALTER TABLE parcels ADD COLUMN land_class_code text;
