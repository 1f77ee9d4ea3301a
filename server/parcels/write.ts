import type { MultiPolygon } from 'geojson';
import type { ParcelFields, ParcelSeed } from '../../core/parcel.ts';
import type { Queryable } from '../db/types.ts';
import { PARCEL_COLUMNS, PARCEL_FROM } from './columns.ts';
import { FIELD_COLUMNS, fieldValues, geomParam } from './fields.ts';

/** What a change writes: the ledger fields, the stored unit and the boundary. */
export interface ParcelContent {
  fields: ParcelFields;
  unitId: number | null;
  geometry: MultiPolygon | null;
}

/** A parcel as history keeps it, before and after each change. */
export type Snapshot = ParcelFields & { unitId: number | null; geometry: MultiPolygon | null; deleted: boolean };

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'import';

export async function snapshotOf(tx: Queryable, id: number): Promise<(Snapshot & { version: number }) | null> {
  const [row] = await tx.query<Record<string, unknown> & { geometryJson: string | null; deletedAt: string | null; version: number; unitId: number | null }>(
    `SELECT ${PARCEL_COLUMNS}, p.deleted_at AS "deletedAt" FROM ${PARCEL_FROM} WHERE p.id = $1`,
    [id],
  );
  if (!row) return null;
  const fields = Object.fromEntries(FIELD_COLUMNS.map(([key]) => [key, row[key]])) as unknown as ParcelFields;
  return { ...fields, unitId: row.unitId, geometry: row.geometryJson ? JSON.parse(row.geometryJson) : null, deleted: row.deletedAt !== null, version: row.version };
}

async function record(tx: Queryable, id: number, action: HistoryAction, actor: string, before: Snapshot | null, changeSetId: number | null = null): Promise<void> {
  const after = await snapshotOf(tx, id);
  const { version, ...afterState } = after!;
  await tx.query('INSERT INTO parcel_history (parcel_id, version, action, actor, before, after, change_set_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    id, version, action, actor, before ? JSON.stringify(withoutVersion(before)) : null, JSON.stringify(afterState), changeSetId,
  ]);
}

const withoutVersion = (s: Snapshot & { version?: number }): Snapshot => {
  const { version: _version, ...rest } = s;
  return rest;
};

/** Inserts a parcel and records its creation, in the caller's transaction. The unit comes by id. */
export async function createParcel(tx: Queryable, campaignId: number, content: ParcelContent, actor: string, options: { isDemo?: boolean; action?: HistoryAction } = {}): Promise<number> {
  const columns = FIELD_COLUMNS.map(([, column]) => column);
  const values = fieldValues(content.fields);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO parcels (campaign_id, unit_id, geom, is_demo, ${columns.join(', ')})
     VALUES ($1, $2, ${geomParam(3)}, $4, ${columns.map((_, i) => `$${i + 5}`).join(', ')}) RETURNING id`,
    [campaignId, content.unitId, content.geometry ? JSON.stringify(content.geometry) : null, options.isDemo ?? false, ...values],
  );
  await record(tx, row!.id, options.action ?? 'create', actor, null);
  return row!.id;
}

/** The demo loader's path: a seed names its unit by code and brings its disposal records. */
export async function insertParcel(tx: Queryable, campaignId: number, seed: ParcelSeed, options: { actor: string; isDemo?: boolean }): Promise<number> {
  const [unit] = await tx.query<{ id: number }>('SELECT id FROM units WHERE code = $1', [seed.unitCode]);
  const id = await createParcel(tx, campaignId, { fields: seed, unitId: unit?.id ?? null, geometry: seed.geometry }, options.actor, { isDemo: options.isDemo ?? false });
  for (const d of seed.disposals) {
    await tx.query('INSERT INTO disposal_records (parcel_id, date, mu, method, note) VALUES ($1, $2, $3, $4, $5)', [id, d.date, d.mu, d.method, d.note]);
  }
  return id;
}

/**
 * Replaces a parcel's content, raising its version, and records the change with the state before it; `changeSetId`
 * links the history row to the bulk change it was part of.
 */
export async function updateParcel(tx: Queryable, id: number, before: Snapshot, content: ParcelContent, actor: string, action: HistoryAction = 'update', changeSetId: number | null = null): Promise<void> {
  const sets = FIELD_COLUMNS.map(([, column], i) => `${column} = $${i + 4}`);
  await tx.query(
    `UPDATE parcels SET unit_id = $2, geom = ${geomParam(3)}, ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, content.unitId, content.geometry ? JSON.stringify(content.geometry) : null, ...fieldValues(content.fields)],
  );
  await record(tx, id, action, actor, before, changeSetId);
}

/** Soft delete or undelete: the row stays, marked, and the change is recorded. */
export async function setDeleted(tx: Queryable, id: number, before: Snapshot, deleted: boolean, actor: string): Promise<void> {
  await tx.query(`UPDATE parcels SET deleted_at = ${deleted ? 'now()' : 'NULL'}, version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  await record(tx, id, deleted ? 'delete' : 'restore', actor, before);
}
