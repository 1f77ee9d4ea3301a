import type { MonitoringRecord } from '../../core/monitoring.ts';
import type { DraftEvent } from '../../core/parcel-life/from-fields.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { insertEvents, recordLedgerLives, type NewEvent } from '../parcel-life/record.ts';
import { recordFollows } from '../parcel-life/write-routes.ts';

/** Supervision numbers are typed with spaces and in either case; matched without either (as core/monitoring.ts does). */
const key = (n: string) => n.replace(/[\s\u3000]/g, '').toUpperCase();

/**
 * Records the dates the monitoring export gives for the ledger's parcels (matched by 电子监管号) as events from the
 * monitoring system, each once; the ledger records then follow their lives. Returns how many events were recorded.
 */
export async function recordMonitoredEvents(tx: Queryable, user: SessionUser, records: readonly MonitoringRecord[], parcels: ReadonlyArray<{ id: number; supervisionNumber: string | null }>): Promise<number> {
  const byNumber = new Map(records.map((r) => [key(r.supervisionNumber), r]));
  const matched = parcels.flatMap((p) => {
    const r = p.supervisionNumber ? byNumber.get(key(p.supervisionNumber)) : undefined;
    return r && Object.keys(r.dates).length ? [{ id: p.id, dates: r.dates }] : [];
  });
  if (!matched.length) return 0;
  const ids = matched.map((m) => m.id);
  await tx.query('SELECT 1 FROM parcels WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
  await recordLedgerLives(tx, ids, { source: 'ledger', actor: user.username });
  const [have, ledger] = await Promise.all([
    tx.query<{ parcelId: number; kind: string; date: string }>(
      `SELECT parcel_id AS "parcelId", kind, date FROM parcel_events WHERE parcel_id = ANY($1::int[]) AND deleted_at IS NULL AND kind IN ('supplied', 'handed_over', 'started', 'completed')`, [ids]),
    tx.query<{ id: number; supplyMethod: string | null; supervisionNumber: string | null; priceWan: number | null }>(
      `SELECT id, supply_method AS "supplyMethod", supervision_number AS "supervisionNumber", supply_price_wan AS "priceWan" FROM parcels WHERE id = ANY($1::int[])`, [ids]),
  ]);
  const known = new Set(have.map((e) => `${e.parcelId}/${e.kind}/${e.date}`));
  const supplied = new Set(have.filter((e) => e.kind === 'supplied').map((e) => e.parcelId));
  const ledgerOf = new Map(ledger.map((l) => [l.id, l]));
  const events: NewEvent[] = matched.flatMap(({ id, dates }) => Object.entries(dates).flatMap(([kind, date]): NewEvent[] => {
    if (known.has(`${id}/${kind}/${date}`) || (kind === 'supplied' && supplied.has(id))) return [];
    const l = ledgerOf.get(id)!;
    const event = (kind === 'supplied'
      ? { kind, date, method: l.supplyMethod === '划拨' ? '划拨' : '出让', supervisionNumber: l.supervisionNumber, priceWan: l.priceWan }
      : { kind, date }) as DraftEvent;
    return [{ parcelId: id, event, note: '监测监管系统导出清单' }];
  }));
  // Events take effect in date order, as the system dated them.
  events.sort((a, b) => (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : 0));
  await insertEvents(tx, events, { source: 'monitoring', actor: user.username });
  await recordFollows(tx, user, [...new Set(events.map((e) => e.parcelId))]);
  return events.length;
}
