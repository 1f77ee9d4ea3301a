import { FIELDS } from '../../core/fields/registry.ts';

/**
 * The parcel's ledger fields (from the field registry) selected as the API names them (camelCase), with its unit,
 * areas and bookkeeping: for every query that returns a parcel.
 */
export const PARCEL_COLUMNS = `
  p.id, p.campaign_id AS "campaignId", p.unit_id AS "unitId", u.name AS "unitName",
  ${FIELDS.map((f) => `p.${f.sql} AS "${f.key}"`).join(', ')},
  p.is_demo AS "isDemo", p.version,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt",
  p.area_mu AS "ellipsoidalMu",
  -- Plane area in the CGCS2000 3° Gauss–Krüger zone of the parcel (EPSG:4534–4554 = 4509 + zone, no prefix).
  CASE WHEN p.geom IS NULL THEN NULL
       ELSE ST_Area(ST_Transform(p.geom, 4509 + round(ST_X(ST_Centroid(p.geom)) / 3)::int)) / (10000.0 / 15) END AS "planeMu",
  round(ST_X(ST_Centroid(p.geom)) / 3)::int AS "gaussKrugerZone",
  -- Full precision: a boundary read and saved back must be the same boundary (history compares them).
  ST_AsGeoJSON(p.geom, 15) AS "geometryJson",
  c.tolerance_relative AS "toleranceRelative", c.tolerance_absolute_mu AS "toleranceAbsoluteMu"
`;

export const PARCEL_FROM = `
  parcels p JOIN campaigns c ON c.id = p.campaign_id LEFT JOIN units u ON u.id = p.unit_id
`;
