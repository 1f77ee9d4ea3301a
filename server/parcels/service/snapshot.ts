import type { Queryable } from '../../db/types.ts';
import { FIELD_COLUMNS } from '../fields.ts';
import type { Current } from './types.ts';

// jsonb_build_object takes at most 100 arguments: the pairs go in groups, joined with ||.
const pairs = [
  ...FIELD_COLUMNS.map(([key, column]) => `'${key}', p.${column}`),
  `'unitId', p.unit_id`,
  // Full precision: a boundary read and saved back must be the same boundary (history compares them).
  `'geometry', ST_AsGeoJSON(p.geom, 15)::jsonb`,
  `'deleted', p.deleted_at IS NOT NULL`,
];
const groups = Array.from({ length: Math.ceil(pairs.length / 40) }, (_, i) => `jsonb_build_object(${pairs.slice(i * 40, i * 40 + 40).join(', ')})`);

/**
 * SQL for a parcel row `p` as history keeps it (a Snapshot as jsonb): the one definition, used for the state before
 * a change (read into JavaScript) and after it (written by SQL straight into parcel_history).
 */
export const SNAPSHOT_SQL = groups.join(' || ');

/** The parcels' current snapshots and versions, by id; missing ids are absent. */
export async function snapshotsOf(tx: Queryable, ids: readonly number[]): Promise<Map<number, Current>> {
  const rows = await tx.query<{ id: number; version: number; snapshot: Omit<Current, 'version'> }>(
    `SELECT p.id, p.version, ${SNAPSHOT_SQL} AS snapshot FROM parcels p WHERE p.id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { ...r.snapshot, version: r.version }]));
}

export async function snapshotOf(tx: Queryable, id: number): Promise<Current | null> {
  return (await snapshotsOf(tx, [id])).get(id) ?? null;
}
