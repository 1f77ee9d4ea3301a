import type { ParcelFields } from '../../core/parcel.ts';

/** Each ledger field and its column: the one list the INSERT and UPDATE statements are built from. */
export const FIELD_COLUMNS: ReadonlyArray<readonly [keyof ParcelFields, string]> = [
  ['code', 'code'], ['projectName', 'project_name'], ['category', 'category'], ['status', 'status'], ['ledgerMu', 'ledger_mu'],
  ['approvalBatch', 'approval_batch'], ['approvalNumber', 'approval_number'], ['approvalDate', 'approval_date'],
  ['approvedMu', 'approved_mu'], ['supervisionNumber', 'supervision_number'], ['supplyMethod', 'supply_method'],
  ['supplyDate', 'supply_date'], ['supplyPriceWan', 'supply_price_wan'], ['landUse', 'land_use'], ['landUser', 'land_user'],
  ['agreedStartDate', 'agreed_start_date'], ['reasons', 'reasons'], ['sourceLists', 'source_lists'],
  ['disposalMethod', 'disposal_method'], ['responsiblePerson', 'responsible_person'], ['remarks', 'remarks'],
];

export const fieldValues = (fields: ParcelFields): unknown[] => FIELD_COLUMNS.map(([key]) => fields[key]);

/** SQL for a boundary parameter: GeoJSON text to a MultiPolygon in SRID 4326, or NULL. */
export const geomParam = (n: number) => `CASE WHEN $${n}::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${n}::text), 4326)) END`;
