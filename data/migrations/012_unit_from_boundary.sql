-- The parcel-write service (server/parcels/service/) writes a parcel with a boundary without a unit, lets the insert
-- or update trigger share it among the units by boundary, and then stores the campaign's unit with the largest share.
-- That second update moves only unit_id; the shares already come from the boundary and would not change, so the
-- update trigger must not compute them again (for a 10,000-parcel import that would double the work).
-- A unit change still reshares when the parcel has no boundary, or when its shares are not (visibly) by boundary:
-- the only share is its old stored unit, which is what the fallback for a parcel outside every unit gives.
CREATE OR REPLACE FUNCTION panhuo_parcels_updated() RETURNS trigger AS $$
BEGIN
  PERFORM panhuo_reshare(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.geom IS DISTINCT FROM o.geom
       OR (n.unit_id IS DISTINCT FROM o.unit_id
           AND NOT (n.geom IS NOT NULL
                    AND EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = n.id AND s.unit_id IS DISTINCT FROM o.unit_id)))));
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Parcels written before the service kept whatever unit the client or the loader gave (imports gave none). From now
-- on a parcel with a boundary is stored in its campaign's unit holding the largest share of its ellipsoidal area;
-- bring the existing ones in line once. Parcels lying in none of their campaign's units keep their unit.
UPDATE parcels p SET unit_id = best.unit_id
FROM (
  SELECT DISTINCT ON (s.parcel_id) s.parcel_id, s.unit_id
  FROM parcel_unit_shares s
  JOIN parcels q ON q.id = s.parcel_id
  JOIN campaign_units cu ON cu.campaign_id = q.campaign_id AND cu.unit_id = s.unit_id
  JOIN units u ON u.id = s.unit_id
  WHERE q.geom IS NOT NULL AND u.boundary IS NOT NULL AND ST_Intersects(u.boundary, q.geom)
  ORDER BY s.parcel_id, s.share DESC, s.unit_id
) best
WHERE p.id = best.parcel_id AND p.unit_id IS DISTINCT FROM best.unit_id;
