/** The parcel's ledger fields selected as the API names them (camelCase), for every query that returns a parcel. */
export const PARCEL_COLUMNS = `
  p.id, p.campaign_id AS "campaignId", p.code, p.project_name AS "projectName", p.category, p.status,
  p.unit_id AS "unitId", u.name AS "unitName", p.ledger_mu AS "ledgerMu",
  p.approval_batch AS "approvalBatch", p.approval_number AS "approvalNumber", p.approval_date AS "approvalDate",
  p.approved_mu AS "approvedMu", p.supervision_number AS "supervisionNumber", p.supply_method AS "supplyMethod",
  p.supply_date AS "supplyDate", p.supply_price_wan AS "supplyPriceWan", p.land_use AS "landUse", p.land_user AS "landUser",
  p.agreed_start_date AS "agreedStartDate", p.reasons, p.source_lists AS "sourceLists", p.disposal_method AS "disposalMethod",
  p.responsible_person AS "responsiblePerson", p.remarks, p.is_demo AS "isDemo", p.version,
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
