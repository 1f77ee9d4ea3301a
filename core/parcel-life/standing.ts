import { CATEGORY_LABELS, taskTypeOf, type Category, type Status } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import { inLifeOrder, LIFE_EVENT_LABELS, type LifeEvent } from './events.ts';

/**
 * Where a parcel stands in its life on a date:
 * - `unrecorded`: no event yet says what the land is;
 * - `unused`: one of the five 批而未用 categories (in the ledger);
 * - `supplied`: supplied and not (or no longer) idle or inefficient — out of the five categories;
 * - `withdrawn`: the approval was withdrawn (撤销批文) — no longer approved construction land.
 */
export type LifePhase = 'unrecorded' | 'unused' | 'supplied' | 'withdrawn';

/** An event that does not fit the life recorded before it: kept and shown, never silently dropped. */
export interface LifeProblem {
  code: 'out_of_order' | 'no_category' | 'over_disposed';
  date: IsoDate;
  seq: number;
  message: string;
}

export interface Standing {
  phase: LifePhase;
  /** One of the five categories while `unused`; otherwise null. */
  category: Category | null;
  /** Disposal status within the current category; null outside the ledger. */
  status: Status | null;
  /** The day the current category (or phase) came into force. */
  since: IsoDate | null;
  /** Mu disposed of since the current category came into force. */
  disposedMu: number;
  approvalDate: IsoDate | null;
  supply: { date: IsoDate; method: '出让' | '划拨'; supervisionNumber: string | null; priceWan: number | null } | null;
  agreedStartDate: IsoDate | null;
  actualStartDate: IsoDate | null;
  completedDate: IsoDate | null;
  problems: LifeProblem[];
}

const INITIAL: Standing = {
  phase: 'unrecorded', category: null, status: null, since: null, disposedMu: 0, approvalDate: null, supply: null,
  agreedStartDate: null, actualStartDate: null, completedDate: null, problems: [],
};

/** Disposals are entered to 0.01 mu; a parcel whose disposals reach its ledger mu within half of that is disposed. */
const DISPOSED_EPSILON_MU = 0.005;

const BEFORE_SUPPLY: ReadonlySet<Category> = new Set(['approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply']);

function describe(s: Standing): string {
  if (s.phase === 'unused' && s.category) return CATEGORY_LABELS[s.category];
  return { unrecorded: '未登记', supplied: '已供应', withdrawn: '已撤销批文', unused: '未登记' }[s.phase];
}

/** Applies one event; an event that does not fit is recorded as a problem and changes nothing it cannot. */
function apply(s: Standing, e: LifeEvent, ledgerMu: number): Standing {
  const problem = (code: LifeProblem['code'], message: string): Standing => ({
    ...s, problems: [...s.problems, { code, date: e.date, seq: e.seq, message: `${e.date} ${LIFE_EVENT_LABELS[e.kind]}：${message}` }],
  });
  const enter = (category: Category): Standing => ({ ...s, phase: 'unused', category, status: 'registered', since: e.date, disposedMu: 0 });
  const leave = (phase: 'supplied' | 'withdrawn'): Standing => ({ ...s, phase, category: null, status: null, since: e.date, disposedMu: 0 });
  const from = (allowed: (c: Category | null, phase: LifePhase) => boolean, then: () => Standing): Standing =>
    allowed(s.category, s.phase) ? then() : problem('out_of_order', `此时地块为“${describe(s)}”，不能发生此事项`);

  switch (e.kind) {
    case 'registered':
      return enter(e.category);
    case 'approved':
      if (s.phase !== 'unrecorded') return s.approvalDate ? problem('out_of_order', '已有批准记录') : { ...s, approvalDate: e.date };
      return { ...enter('approved_not_expropriated'), approvalDate: e.date };
    case 'expropriated':
      return from((c, p) => c === 'approved_not_expropriated' || p === 'unrecorded', () => enter('expropriated_not_supplied'));
    case 'found_in_use':
      return from((c) => c === 'approved_not_expropriated' || c === 'expropriated_not_supplied', () => enter('used_before_supply'));
    case 'supplied':
      return from((c, p) => (c !== null && BEFORE_SUPPLY.has(c)) || p === 'unrecorded', () => ({
        ...leave('supplied'), supply: { date: e.date, method: e.method, supervisionNumber: e.supervisionNumber ?? null, priceWan: e.priceWan ?? null },
      }));
    case 'declared_idle':
      return from((c, p) => p === 'supplied' || c === 'inefficient', () => enter('idle'));
    case 'declared_inefficient':
      return from((c, p) => p === 'supplied' || c === 'idle', () => enter('inefficient'));
    case 'approval_withdrawn':
      return from((c) => c !== null && BEFORE_SUPPLY.has(c), () => leave('withdrawn'));
    case 'agreed_start':
      return { ...s, agreedStartDate: e.agreedStartDate };
    case 'started':
      return { ...s, actualStartDate: e.date };
    case 'completed':
      return { ...s, completedDate: e.date };
    case 'handed_over':
      return s;
    case 'planned':
      if (s.phase !== 'unused') return problem('no_category', `此时地块为“${describe(s)}”，不在台账类别中`);
      return s.status === 'registered' ? { ...s, status: 'planned' } : s;
    case 'disposal': {
      if (s.phase !== 'unused') return problem('no_category', `此时地块为“${describe(s)}”，处置不计入任何类别`);
      if (s.status === 'struck_off') return problem('out_of_order', '地块已销号');
      const disposedMu = s.disposedMu + e.mu;
      const next: Standing = { ...s, disposedMu, status: disposedMu >= ledgerMu - DISPOSED_EPSILON_MU ? 'disposed' : 'in_progress' };
      if (disposedMu > ledgerMu + DISPOSED_EPSILON_MU) {
        return { ...next, problems: [...s.problems, { code: 'over_disposed', date: e.date, seq: e.seq, message: `${e.date} 处置：累计处置 ${round2(disposedMu)} 亩，超过台账面积 ${round2(ledgerMu)} 亩` }] };
      }
      return next;
    }
    case 'struck_off':
      if (s.phase !== 'unused') return problem('no_category', `此时地块为“${describe(s)}”，不在台账类别中，无需销号`);
      return { ...s, status: 'struck_off' };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The parcel's standing on `date` (events dated that day included), from its events — the one rule every figure
 * "as of a date" uses. `ledgerMu` is the parcel's legal area, which decides when disposals add up to "disposed".
 */
export function standingOn(events: readonly LifeEvent[], date: IsoDate, ledgerMu: number): Standing {
  return inLifeOrder(events).filter((e) => e.date <= date).reduce((s, e) => apply(s, e, ledgerMu), INITIAL);
}

/**
 * One pass over the life in order: `visit` sees each event with the standing just before it (the events recorded
 * before it, same-day ones included). What standingOn of every prefix would give, without re-reading each prefix.
 */
export function walkLife<E extends LifeEvent>(events: readonly E[], ledgerMu: number, visit: (e: E, before: Standing) => void): Standing {
  let s = INITIAL;
  for (const e of inLifeOrder(events)) {
    visit(e, s);
    s = apply(s, e, ledgerMu);
  }
  return s;
}

/**
 * Each disposal with the category it counts under: the one in force when it was made — after the events recorded
 * before it, same-day ones included — null when the land was in none of the five then. A later change of category
 * (认定闲置 years on) never moves a disposal; and land supplied on the day its 供应 disposal was recorded still counts
 * it toward the category it was supplied from, which the day's end (standingOn, parcel_periods) no longer shows. The
 * one rule campaign progress (kept per disposal, server/parcel-life/periods.ts) and the yearly figures count by.
 */
export function disposalCategories<E extends LifeEvent>(events: readonly E[], ledgerMu: number): Array<{ disposal: E & { kind: 'disposal' }; category: Category | null }> {
  const out: Array<{ disposal: E & { kind: 'disposal' }; category: Category | null }> = [];
  walkLife(events, ledgerMu, (e, before) => {
    if (e.kind === 'disposal') out.push({ disposal: e as E & { kind: 'disposal' }, category: before.phase === 'unused' ? before.category : null });
  });
  return out;
}

/** One stretch of the timeline during which a category (or a phase outside the ledger) was in force. */
export interface LifePeriod {
  phase: LifePhase;
  category: Category | null;
  from: IsoDate;
  /** The day the next period began; null while it lasts. */
  until: IsoDate | null;
}

/** The categories in force between the events, as the parcel panel's timeline draws them. */
export function lifePeriods(events: readonly LifeEvent[], ledgerMu: number): LifePeriod[] {
  const periods: LifePeriod[] = [];
  let s = INITIAL;
  for (const e of inLifeOrder(events)) {
    const next = apply(s, e, ledgerMu);
    if (next.since !== s.since || next.phase !== s.phase || next.category !== s.category) {
      const last = periods[periods.length - 1];
      if (last && last.from === e.date) periods.pop(); // two changes on one day: the later one is what held that day
      else if (last) last.until = e.date;
      periods.push({ phase: next.phase, category: next.category, from: e.date, until: null });
    }
    s = next;
  }
  return periods;
}

/** A stretch of days over which a parcel's phase, category and status held: what 台账截至 reads for a date. */
export interface StandingPeriod {
  /** The first day it held; null for the stretch before the first event (unrecorded since ever). */
  from: IsoDate | null;
  /** The first day it no longer held; null while it lasts. */
  until: IsoDate | null;
  phase: LifePhase;
  category: Category | null;
  status: Status | null;
}

/**
 * The whole timeline cut where the phase, category or status changes: for every date d, the period with
 * from ≤ d < until holds what standingOn(events, d, ledgerMu) gives (a day's events all count that day, so only the
 * day's last standing makes a period). Kept per parcel by the server (parcel_periods) so that the ledger on any date
 * is a join, not every life replayed.
 */
export function standingPeriods(events: readonly LifeEvent[], ledgerMu: number): StandingPeriod[] {
  const periods: StandingPeriod[] = [{ from: null, until: null, phase: INITIAL.phase, category: INITIAL.category, status: INITIAL.status }];
  const ordered = inLifeOrder(events);
  let s = INITIAL;
  for (const [i, e] of ordered.entries()) {
    s = apply(s, e, ledgerMu);
    if (ordered[i + 1]?.date === e.date) continue;
    const last = periods[periods.length - 1]!;
    if (last.phase === s.phase && last.category === s.category && last.status === s.status) continue;
    last.until = e.date;
    periods.push({ from: e.date, until: null, phase: s.phase, category: s.category, status: s.status });
  }
  return periods;
}

/** The task type a standing counts toward, if any: only parcels in one of the five categories count. */
export function taskTypeOn(s: Standing) {
  return s.phase === 'unused' && s.category ? taskTypeOf(s.category) : null;
}
