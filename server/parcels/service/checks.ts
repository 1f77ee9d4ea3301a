/** The set-based checks of a parcel write: each one query for all the parcels of the call. */
import { muFromM2 } from '../../../core/measure.ts';
import type { Queryable } from '../../db/types.ts';
import { INSIDE_UNITS_SQL } from '../permissions.ts';

/** Locks the existing parcels of a write (in id order, so two writes never wait on each other crosswise). */
export async function lockParcels(tx: Queryable, ids: readonly number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await tx.query<{ id: number; campaignId: number }>(
    'SELECT id, campaign_id AS "campaignId" FROM parcels WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
  return new Map(rows.map((r) => [r.id, r.campaignId]));
}

export async function existingCampaigns(tx: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await tx.query<{ id: number }>('SELECT id FROM campaigns WHERE id = ANY($1::int[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

/** For each unit asked about that exists: the campaigns it belongs to. */
export async function unitCampaigns(tx: Queryable, unitIds: readonly number[]): Promise<Map<number, number[]>> {
  if (!unitIds.length) return new Map();
  const rows = await tx.query<{ id: number; campaigns: number[] }>(
    `SELECT u.id, array_remove(array_agg(cu.campaign_id), NULL) AS campaigns
     FROM units u LEFT JOIN campaign_units cu ON cu.unit_id = u.id WHERE u.id = ANY($1::int[]) GROUP BY u.id`, [unitIds]);
  return new Map(rows.map((r) => [r.id, r.campaigns]));
}

export interface CodeHolder {
  id: number;
  /** The ledger (the campaigns' level unit) the code is unique in. */
  ledgerId: number;
  code: string;
  projectName: string;
  deleted: boolean;
}

/** The ledger (level unit) each of these campaigns writes into: codes are unique there, across its campaigns. */
export async function ledgersOf(tx: Queryable, campaignIds: readonly number[]): Promise<Map<number, number>> {
  if (!campaignIds.length) return new Map();
  const rows = await tx.query<{ id: number; ledgerId: number }>('SELECT id, level_unit_id AS "ledgerId" FROM campaigns WHERE id = ANY($1::int[])', [[...new Set(campaignIds)]]);
  return new Map(rows.map((r) => [r.id, r.ledgerId]));
}

/** The parcels (live or deleted: codes are unique among both) holding any of these codes in these ledgers. */
export async function codeHolders(tx: Queryable, keys: ReadonlyArray<{ ledgerId: number; code: string }>): Promise<CodeHolder[]> {
  if (!keys.length) return [];
  return tx.query<CodeHolder>(
    `SELECT p.id, p.ledger_unit_id AS "ledgerId", p.code, p.project_name AS "projectName", p.deleted_at IS NOT NULL AS deleted
     FROM unnest($1::int[], $2::text[]) AS k(ledger_id, code) JOIN parcels p ON p.ledger_unit_id = k.ledger_id AND p.code = k.code`,
    [keys.map((k) => k.ledgerId), keys.map((k) => k.code)],
  );
}

/**
 * Of these stored parcels, the ids lying outside the given units (by boundary, or by stored unit without one), and
 * the units' names for the message.
 */
export async function outsideUnits(tx: Queryable, unitIds: readonly number[], ids: readonly number[]): Promise<{ outside: Map<number, number>; names: string | null }> {
  if (!ids.length) return { outside: new Map(), names: null };
  const rows = await tx.query<{ id: number | null; outsideM2: number | null; names: string | null }>(
    `WITH allowed AS (SELECT ST_Union(boundary) AS boundary, string_agg(name, '、' ORDER BY name) AS names FROM units WHERE id = ANY($2::int[])),
     outside AS (SELECT p.id, CASE WHEN p.geom IS NULL THEN NULL WHEN a.boundary IS NULL THEN ST_Area(p.geom::geography) ELSE ST_Area(ST_Difference(p.geom, a.boundary)::geography) END AS "outsideM2"
       FROM parcels p, allowed a WHERE p.id = ANY($1::int[]) AND NOT ${INSIDE_UNITS_SQL('p.geom', 'p.unit_id', '$2::int[]', 'a.boundary')})
     SELECT o.id, o."outsideM2", a.names FROM allowed a LEFT JOIN outside o ON true`,
    [ids, unitIds],
  );
  return { outside: new Map(rows.flatMap((r) => (r.id === null ? [] : [[r.id, r.outsideM2 == null ? 0 : muFromM2(r.outsideM2)] as const]))), names: rows[0]?.names ?? null };
}
