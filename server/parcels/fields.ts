import { FIELDS } from '../../core/fields/registry.ts';
import type { ParcelFields } from '../../core/parcel.ts';

/** Each ledger field and its column (from the field registry): the one list the INSERT and UPDATE statements are built from. */
export const FIELD_COLUMNS: ReadonlyArray<readonly [keyof ParcelFields, string]> = FIELDS.map((f) => [f.key, f.sql] as const);

/** The fields' values in FIELD_COLUMNS order; a field a record lacks (a seed or snapshot older than the field) is NULL. */
export const fieldValues = (fields: ParcelFields): unknown[] => FIELD_COLUMNS.map(([key]) => fields[key] ?? null);

/** SQL for a boundary parameter: GeoJSON text to a MultiPolygon in SRID 4326, or NULL. */
export const geomParam = (n: number) => `CASE WHEN $${n}::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${n}::text), 4326)) END`;
