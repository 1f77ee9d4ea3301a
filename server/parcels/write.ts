import type { ParcelSeed } from '../../core/parcel.ts';
import type { Queryable } from '../db/types.ts';
import { writeParcels } from './service/index.ts';

export { snapshotOf } from './service/snapshot.ts';
export type { HistoryAction, ParcelContent, Snapshot } from './service/types.ts';

/**
 * The demo loader's path (and tests'): seeds name their unit by code and bring their disposal records. Written
 * through the one write service like any parcel — a seed with a boundary is stored in the unit its boundary gives;
 * its unit code counts only without one.
 */
export async function insertParcels(tx: Queryable, campaignId: number, seeds: readonly ParcelSeed[], options: { actor: string; isDemo?: boolean }): Promise<number[]> {
  const codes = [...new Set(seeds.filter((s) => !s.geometry).map((s) => s.unitCode))];
  const units = new Map((codes.length ? await tx.query<{ id: number; code: string }>('SELECT id, code FROM units WHERE code = ANY($1::text[])', [codes]) : []).map((u) => [u.code, u.id]));
  // Their lives are read from their ledger records (source 台账), as the migration reads a ledger kept before events.
  const { written } = await writeParcels(
    tx,
    { actor: { username: options.actor, role: 'admin', unitIds: [] }, isDemo: options.isDemo ?? false, what: '载入', source: 'ledger' },
    seeds.map((seed) => ({ op: 'create', campaignId, body: { ...seed, unitId: seed.geometry ? null : units.get(seed.unitCode) ?? null }, label: seed.code, disposals: seed.disposals })),
  );
  return written.map((w) => w.id);
}

export async function insertParcel(tx: Queryable, campaignId: number, seed: ParcelSeed, options: { actor: string; isDemo?: boolean }): Promise<number> {
  const [id] = await insertParcels(tx, campaignId, [seed], options);
  return id!;
}
