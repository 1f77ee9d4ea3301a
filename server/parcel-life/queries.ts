import type { IsoDate } from '../../core/dates.ts';
import { inLifeOrder, LIFE_EVENT_LABELS, type LifeEvent } from '../../core/parcel-life/events.ts';
import { lifeFromLedger, type LedgerFacts } from '../../core/parcel-life/from-fields.ts';
import type { Queryable } from '../db/types.ts';

/** A life event as the timeline shows it: what, when, and who recorded it from where. */
export type RecordedEvent = LifeEvent & {
  label: string;
  source: EventSource;
  actor: string | null;
  recordedAt: string | null;
  note: string | null;
  /** The stored event (parcel_events), or the disposal record (disposal_records) it is; null while read from the ledger. */
  eventId: number | null;
  disposalId: number | null;
};

/** person: entered in Panhuo; import: from a file; monitoring: from the monitoring-system export; ledger: read from a ledger record. */
export type EventSource = 'person' | 'import' | 'monitoring' | 'ledger';

export interface ParcelLife {
  ledgerMu: number;
  sourceLists: string[];
  /** True when no event is stored yet and the life is read from the ledger record (and its disposals). */
  fromLedger: boolean;
  events: RecordedEvent[];
}

interface Facts extends LedgerFacts {
  id: number;
  ledgerMu: number;
  sourceLists: string[];
  registeredOn: IsoDate;
}

type StoredRow = { id: number; note: string | null; parcelId: number; kind: Exclude<LifeEvent['kind'], 'disposal'>; date: IsoDate; details: Record<string, unknown>; source: RecordedEvent['source']; actor: string; recordedAt: string };
type DisposalRow = { id: number; parcelId: number; date: IsoDate; mu: number; method: string; recordedAt: string };

const groupBy = <T extends { parcelId: number }>(rows: T[]) => {
  const map = new Map<number, T[]>();
  for (const r of rows) map.set(r.parcelId, [...(map.get(r.parcelId) ?? []), r]);
  return map;
};

/**
 * Parcels' lives, three queries for any number of parcels: each one's stored events and its disposals (disposal
 * records are disposal events), in the order they happened; retired events are left out. A parcel whose events were
 * never stored (a row written by plain SQL) is read from its ledger record, as of the start of the campaign that
 * registered it (or today, if that lies ahead).
 */
export async function livesOf(db: Queryable, parcelIds: readonly number[]): Promise<Map<number, ParcelLife>> {
  return livesWhere(db, 'p.id = ANY($1::int[])', [[...parcelIds]]);
}

/** The lives of a ledger's live parcels (all its campaigns), as livesOf reads them. */
export async function livesInLedger(db: Queryable, ledgerUnitId: number): Promise<Map<number, ParcelLife>> {
  return livesWhere(db, 'p.ledger_unit_id = $1 AND p.deleted_at IS NULL', [ledgerUnitId]);
}

/**
 * The lives of the parcels `p` the condition picks. Events and disposals are joined to the parcels picked (a hashed
 * semi-join), never matched against a long list of ids row by row: at 10k parcels that took seconds.
 */
async function livesWhere(db: Queryable, where: string, args: unknown[]): Promise<Map<number, ParcelLife>> {
  const picked = `(SELECT p.id FROM parcels p WHERE ${where})`;
  const [facts, stored, disposals] = await Promise.all([
    db.query<Facts>(
      `SELECT p.id, p.category, p.status, p.ledger_mu AS "ledgerMu", p.source_lists AS "sourceLists", p.approval_date AS "approvalDate",
              p.approval_number AS "approvalNumber", p.approved_mu AS "approvedMu", p.supply_method AS "supplyMethod", p.supply_date AS "supplyDate",
              p.supervision_number AS "supervisionNumber", p.supply_price_wan AS "supplyPriceWan",
              p.agreed_start_date AS "agreedStartDate", p.disposal_method AS "disposalMethod", LEAST(c.start_date, (now() AT TIME ZONE 'Asia/Shanghai')::date) AS "registeredOn"
       FROM parcels p JOIN campaigns c ON c.id = p.campaign_id WHERE ${where} ORDER BY p.id`, args),
    db.query<StoredRow>(
      `SELECT id::int, parcel_id AS "parcelId", kind, date, details, source, actor, note, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "recordedAt"
       FROM parcel_events WHERE parcel_id IN ${picked} AND deleted_at IS NULL ORDER BY recorded_at, id`, args),
    db.query<DisposalRow>(
      `SELECT id, parcel_id AS "parcelId", date, mu, method, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "recordedAt"
       FROM disposal_records WHERE parcel_id IN ${picked} ORDER BY created_at, id`, args),
  ]);
  const storedOf = groupBy(stored);
  const disposalsOf = groupBy(disposals);
  return new Map(facts.map((f) => [f.id, lifeFrom(f, storedOf.get(f.id) ?? [], disposalsOf.get(f.id) ?? [])]));
}

function lifeFrom(f: Facts, stored: StoredRow[], disposals: DisposalRow[]): ParcelLife {
  const base = { ledgerMu: f.ledgerMu, sourceLists: f.sourceLists };
  if (!stored.length) {
    const events = lifeFromLedger(f, f.registeredOn, disposals).map((e): RecordedEvent => ({
      ...e, label: LIFE_EVENT_LABELS[e.kind], source: 'ledger', actor: null, recordedAt: null, note: null, eventId: null, disposalId: null,
    }));
    return { ...base, fromLedger: true, events: inLifeOrder(events) };
  }
  // Same-day events take effect in the order they were recorded, across both tables (a tie: the stored event first —
  // events read from a ledger record are recorded with the record, before its disposals; see record.ts).
  const all = [
    ...stored.map((e) => ({ ...e.details, kind: e.kind, date: e.date, source: e.source, actor: e.actor, recordedAt: e.recordedAt, note: e.note, eventId: e.id, disposalId: null })),
    ...disposals.map((d) => ({ kind: 'disposal' as const, date: d.date, mu: d.mu, method: d.method, source: 'person' as const, actor: null, recordedAt: d.recordedAt, note: null, eventId: null, disposalId: d.id })),
  ].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const events = all.map((e, seq) => ({ ...e, seq, label: LIFE_EVENT_LABELS[e.kind] }) as RecordedEvent);
  return { ...base, fromLedger: false, events: inLifeOrder(events) };
}

/** One parcel's life, or null when there is no such parcel. */
export async function lifeOf(db: Queryable, parcelId: number): Promise<ParcelLife | null> {
  return (await livesOf(db, [parcelId])).get(parcelId) ?? null;
}
