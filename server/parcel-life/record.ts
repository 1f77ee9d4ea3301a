/** Writing a parcel's life: events added, events retired — never overwritten (data/migrations/021_recorded_lives.ts). */
import type { IsoDate } from '../../core/dates.ts';
import type { ParcelFields } from '../../core/parcel.ts';
import { lifeEditFor, type StoredEvent } from '../../core/parcel-life/edits.ts';
import type { DraftEvent, LedgerFacts } from '../../core/parcel-life/from-fields.ts';
import type { Queryable } from '../db/types.ts';
import { livesOf, type EventSource, type ParcelLife, type RecordedEvent } from './queries.ts';

/** Who records events, and from where. */
export interface Recorder {
  source: EventSource;
  actor: string;
}

/**
 * When an event counts as recorded, which orders it among same-day events and disposals:
 * now — as it is written; with_record — with the parcel's ledger record (before its disposals); after_disposals —
 * after the parcel's last disposal (a 销号 read from a ledger record).
 */
type RecordedWhen = 'now' | 'with_record' | 'after_disposals';

export interface NewEvent {
  parcelId: number;
  event: DraftEvent;
  note?: string | null;
  replaces?: number | null;
  when?: RecordedWhen;
}

/** Stores events, all in one statement; returns their ids in the order given. */
export async function insertEvents(tx: Queryable, events: readonly NewEvent[], by: Recorder): Promise<number[]> {
  if (!events.length) return [];
  const rows = events.map(({ parcelId, event: { kind, date, ...details }, note, replaces, when }, ord) => ({
    parcel_id: parcelId, kind, date, details, note: note ?? null, replaces: replaces ?? null, when: when ?? 'now', ord,
  }));
  const ids = await tx.query<{ id: number }>(
    `INSERT INTO parcel_events (parcel_id, kind, date, details, source, actor, note, replaces, recorded_at)
     SELECT e.parcel_id, e.kind, e.date, e.details, $2, $3, e.note, e.replaces,
       CASE e.when
         WHEN 'now' THEN (SELECT clock_timestamp()) + e.ord * interval '1 microsecond'
         WHEN 'with_record' THEN LEAST(p.created_at, (SELECT min(d.created_at) FROM disposal_records d WHERE d.parcel_id = p.id))
         ELSE GREATEST(p.created_at, (SELECT max(d.created_at) FROM disposal_records d WHERE d.parcel_id = p.id)) + interval '1 millisecond'
       END
     FROM jsonb_to_recordset($1::jsonb) AS e(parcel_id int, kind text, date date, details jsonb, note text, replaces bigint, "when" text, ord int)
     JOIN parcels p ON p.id = e.parcel_id
     ORDER BY e.ord
     RETURNING id::int`,
    [JSON.stringify(rows), by.source, by.actor],
  );
  return ids.map((r) => r.id);
}

/** Retires events (kept, marked with who and why); returns how many were live. */
export async function retireEvents(tx: Queryable, retired: ReadonlyArray<{ id: number; reason: string }>, actor: string): Promise<number> {
  if (!retired.length) return 0;
  const rows = await tx.query(
    `UPDATE parcel_events e SET deleted_at = clock_timestamp(), deleted_by = $2, delete_reason = r.reason
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, reason text) WHERE e.id = r.id AND e.deleted_at IS NULL RETURNING e.id`,
    [JSON.stringify(retired), actor],
  );
  return rows.length;
}

/** A recorded event as a draft again: what it says, without who recorded it. */
function draftOf(e: RecordedEvent): DraftEvent {
  const { seq: _seq, label: _label, source: _source, actor: _actor, recordedAt: _at, note: _note, eventId: _eventId, disposalId: _disposalId, ...draft } = e;
  return draft as DraftEvent;
}

/**
 * Stores the events their ledger records imply (core's eventsFromLedger, via livesOf) for those of the parcels whose
 * life was never stored: new parcels, and those from before events were kept. Disposal records are events already.
 * Returns the lives as read before (those with `fromLedger` have just been stored).
 */
export async function recordLedgerLives(tx: Queryable, parcelIds: readonly number[], by: Recorder): Promise<Map<number, ParcelLife>> {
  if (!parcelIds.length) return new Map();
  const lives = await livesOf(tx, parcelIds);
  const events: NewEvent[] = [...lives].flatMap(([parcelId, life]) => (!life.fromLedger ? [] : life.events.flatMap((e): NewEvent[] =>
    e.kind === 'disposal' ? [] : [{ parcelId, event: draftOf(e), when: e.kind === 'struck_off' ? 'after_disposals' : 'with_record' }])));
  await insertEvents(tx, events, by);
  return lives;
}

export interface RecordEdit {
  parcelId: number;
  before: ParcelFields;
  after: ParcelFields;
  ledgerMu: number;
}

// The registry's date fields hold dates already checked as YYYY-MM-DD (core/fields/parse.ts).
const factsOf = (f: ParcelFields) => f as unknown as LedgerFacts;

/** The fields a parcel's life is read from: an edit of any other field records no event. */
const LIFE_FIELDS = ['category', 'status', 'approvalDate', 'approvalNumber', 'approvedMu', 'supplyMethod', 'supplyDate', 'supervisionNumber', 'supplyPriceWan', 'agreedStartDate'] as const satisfies ReadonlyArray<keyof LedgerFacts>;

/**
 * Records what edits of ledger records mean as events dated `today` (core/parcel-life/edits.ts): call it before the
 * new fields are written, so that a life never stored is first read from the record as it was.
 */
export async function recordLifeEdits(tx: Queryable, edits: readonly RecordEdit[], by: Recorder, today: IsoDate): Promise<void> {
  const changed = edits.filter((e) => LIFE_FIELDS.some((k) => (factsOf(e.before)[k] ?? null) !== (factsOf(e.after)[k] ?? null)));
  if (!changed.length) return;
  const ids = changed.map((e) => e.parcelId);
  const before = await recordLedgerLives(tx, ids, { source: 'ledger', actor: by.actor });
  // Only the lives just stored are read again (for their events' ids); the others were read already.
  const justStored = [...before].filter(([, life]) => life.fromLedger).map(([id]) => id);
  const lives = justStored.length ? new Map([...before, ...(await livesOf(tx, justStored))]) : before;
  const added: NewEvent[] = [];
  const retired: Array<{ id: number; reason: string }> = [];
  for (const e of changed) {
    const stored = lives.get(e.parcelId)!.events.flatMap((x) => (x.eventId === null ? [] : [{ ...draftOf(x), seq: x.seq, id: x.eventId } as StoredEvent]));
    // Disposals count toward the standing the edit starts from, but are never retired by it (id -1 is no event).
    const disposals = lives.get(e.parcelId)!.events.flatMap((x) => (x.kind === 'disposal' ? [{ ...draftOf(x), seq: x.seq, id: -1 } as StoredEvent] : []));
    const edit = lifeEditFor(factsOf(e.before), factsOf(e.after), [...stored, ...disposals], e.ledgerMu, today);
    added.push(...edit.add.map(({ event, note }) => ({ parcelId: e.parcelId, event, note })));
    retired.push(...edit.retire.filter((r) => r.id > 0));
  }
  await retireEvents(tx, retired, by.actor);
  await insertEvents(tx, added, by);
}
