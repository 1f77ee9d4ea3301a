/** The set-based writes of the parcel-write service: one statement each for all the parcels of a call. */
import type { DisposalRecord, ParcelFields } from '../../../core/parcel.ts';
import type { Queryable } from '../../db/types.ts';
import { FIELD_COLUMNS } from '../fields.ts';
import { SNAPSHOT_SQL } from './snapshot.ts';
import type { HistoryAction, ParcelContent, Snapshot } from './types.ts';

const COLUMNS = FIELD_COLUMNS.map(([, column]) => column);

/** Rows travel as one jsonb array; jsonb_populate_record types each value by the parcels table's own columns. */
const ROWS = `jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(e, ord) CROSS JOIN LATERAL jsonb_populate_record(NULL::parcels, a.e) r`;
const GEOM = `CASE WHEN a.e->>'geojson' IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(a.e->>'geojson'), 4326)) END`;

const columnsOf = (fields: ParcelFields) => Object.fromEntries(FIELD_COLUMNS.map(([key, column]) => [column, fields[key]]));

/**
 * Inserts new parcels. One with a boundary is inserted without a unit (deriveUnits gives it one from the shares the
 * insert trigger computes); one without keeps the unit it was given. Returns their ids in the order given.
 */
export async function insertRows(tx: Queryable, rows: ReadonlyArray<{ campaignId: number; content: ParcelContent }>, isDemo: boolean): Promise<number[]> {
  if (!rows.length) return [];
  const input = rows.map(({ campaignId, content }) => ({
    campaign_id: campaignId, unit_id: content.geometry ? null : content.unitId,
    geojson: content.geometry ? JSON.stringify(content.geometry) : null, ...columnsOf(content.fields),
  }));
  const inserted = await tx.query<{ id: number; campaignId: number; code: string }>(
    `INSERT INTO parcels (campaign_id, unit_id, geom, is_demo, ${COLUMNS.join(', ')})
     SELECT r.campaign_id, r.unit_id, ${GEOM}, $2, ${COLUMNS.map((c) => `r.${c}`).join(', ')} FROM ${ROWS} ORDER BY a.ord
     RETURNING id, campaign_id AS "campaignId", code`,
    [JSON.stringify(input), isDemo],
  );
  // Codes are unique in the ledger, so within a campaign too (checked before): they tie each new id to its row.
  const ids = new Map(inserted.map((r) => [`${r.campaignId}\u0000${r.code}`, r.id]));
  return rows.map(({ campaignId, content }) => ids.get(`${campaignId}\u0000${content.fields.code}`)!);
}

/** Inserts disposal records of new parcels (a ledger loaded whole), in one statement. */
export async function insertDisposals(tx: Queryable, disposals: ReadonlyArray<DisposalRecord & { parcelId: number }>): Promise<void> {
  if (!disposals.length) return;
  await tx.query(
    `INSERT INTO disposal_records (parcel_id, date, mu, method, note)
     SELECT "parcelId", date, mu, method, note FROM jsonb_to_recordset($1::jsonb) AS d("parcelId" int, date date, mu float8, method text, note text)`,
    [JSON.stringify(disposals)],
  );
}

/**
 * Replaces parcels' content and raises their versions. A changed boundary clears the unit for deriveUnits; a kept
 * boundary keeps the unit (and the shares: the update trigger sees nothing to reshare); no boundary takes the unit given.
 */
export async function updateRows(tx: Queryable, rows: ReadonlyArray<{ id: number; content: ParcelContent; geometryChanged: boolean }>): Promise<void> {
  if (!rows.length) return;
  const input = rows.map(({ id, content, geometryChanged }) => ({
    id, unit_id: content.unitId, changed: geometryChanged,
    geojson: content.geometry ? JSON.stringify(content.geometry) : null, ...columnsOf(content.fields),
  }));
  await tx.query(
    `UPDATE parcels p SET
       geom = CASE WHEN (a.e->>'changed')::boolean THEN ${GEOM} ELSE p.geom END,
       unit_id = CASE WHEN a.e->>'geojson' IS NULL THEN r.unit_id WHEN (a.e->>'changed')::boolean THEN NULL ELSE p.unit_id END,
       ${COLUMNS.map((c) => `${c} = r.${c}`).join(', ')}, version = p.version + 1, updated_at = now()
     FROM ${ROWS} WHERE p.id = r.id`,
    [JSON.stringify(input)],
  );
}

/** Soft delete or undelete: the rows stay, marked, their versions raised. */
export async function setDeletedRows(tx: Queryable, deleted: readonly number[], undeleted: readonly number[]): Promise<void> {
  if (!deleted.length && !undeleted.length) return;
  await tx.query(
    `UPDATE parcels SET deleted_at = CASE WHEN id = ANY($1::int[]) THEN now() ELSE NULL END, version = version + 1, updated_at = now()
     WHERE id = ANY($1::int[]) OR id = ANY($2::int[])`,
    [deleted, undeleted],
  );
}

/**
 * Stores each parcel (with a boundary just written, so without a unit) in its campaign's unit holding the largest
 * share of its ellipsoidal area — the shares the triggers have just computed (parcel_unit_shares, by
 * ST_Area(geography)), so the unit and the progress by share can never disagree. A parcel in none of its campaign's
 * units keeps no unit.
 */
export async function deriveUnits(tx: Queryable, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await tx.query(
    `UPDATE parcels p SET unit_id = best.unit_id
     FROM (SELECT DISTINCT ON (s.parcel_id) s.parcel_id, s.unit_id
           FROM parcel_unit_shares s JOIN parcels q ON q.id = s.parcel_id
           JOIN campaign_units cu ON cu.campaign_id = q.campaign_id AND cu.unit_id = s.unit_id
           WHERE s.parcel_id = ANY($1::int[])
           ORDER BY s.parcel_id, s.share DESC, s.unit_id) best
     WHERE p.id = best.parcel_id`,
    [ids],
  );
}

/** Records the changes in parcel_history, all in one statement: the state before (given) and after (read by SQL). */
export async function recordHistory(tx: Queryable, entries: ReadonlyArray<{ id: number; action: HistoryAction; before: Snapshot | null }>, actor: string, changeSetId: number | null): Promise<void> {
  if (!entries.length) return;
  await tx.query(
    `INSERT INTO parcel_history (parcel_id, version, action, actor, before, after, change_set_id)
     SELECT p.id, p.version, h.action, $2, h.before, ${SNAPSHOT_SQL}, $3
     FROM jsonb_to_recordset($1::jsonb) AS h(id int, action text, before jsonb) JOIN parcels p ON p.id = h.id
     ORDER BY p.id`,
    [JSON.stringify(entries), actor, changeSetId],
  );
}

export async function insertChangeSet(tx: Queryable, actor: string, summary: string, count: number): Promise<number> {
  const [set] = await tx.query<{ id: number }>('INSERT INTO change_sets (actor, summary, count) VALUES ($1, $2, $3) RETURNING id', [actor, summary, count]);
  return set!.id;
}

export async function writtenRows(tx: Queryable, ids: readonly number[]) {
  return tx.query<{ id: number; version: number; code: string; unitId: number | null; ledgerMu: number }>(
    'SELECT id, version, code, unit_id AS "unitId", ledger_mu AS "ledgerMu" FROM parcels WHERE id = ANY($1::int[])', [ids]);
}
