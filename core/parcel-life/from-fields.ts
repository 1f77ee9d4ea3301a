import type { Category, Status } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import type { LifeEvent } from './events.ts';

/** The ledger fields a parcel's recorded life can be read back from. */
export interface LedgerFacts {
  category: Category;
  status: Status;
  approvalDate: IsoDate | null;
  approvalNumber: string | null;
  approvedMu: number | null;
  supplyMethod: string | null;
  supplyDate: IsoDate | null;
  supervisionNumber: string | null;
  supplyPriceWan: number | null;
  agreedStartDate: IsoDate | null;
  disposalMethod: string | null;
}

/** A life event before it is stored: the store gives it its place among same-day events. */
export type DraftEvent = LifeEvent extends infer E ? (E extends LifeEvent ? Omit<E, 'seq'> : never) : never;

const later = (a: IsoDate, b: IsoDate | null): IsoDate => (b !== null && b > a ? b : a);

/**
 * The events a parcel's ledger record already implies, for a parcel entered with its category as it stands
 * (an import, a form, a ledger from before events were kept): the approval, the supply and the agreed start where
 * their dates are recorded, then the category "as registered on" `registeredOn` — the ledger's base date — when the
 * day it came about is not recorded. A struck-off parcel is struck off after its last disposal. Disposals are
 * events of their own (stored as disposal records), so they are not derived here.
 */
export function eventsFromLedger(f: LedgerFacts, registeredOn: IsoDate, lastDisposalDate: IsoDate | null): DraftEvent[] {
  const events: DraftEvent[] = [];
  if (f.approvalDate) events.push({ kind: 'approved', date: f.approvalDate, approvalNumber: f.approvalNumber, approvedMu: f.approvedMu });
  const suppliedLand = f.category === 'idle' || f.category === 'inefficient';
  if (suppliedLand && f.supplyDate) {
    events.push({ kind: 'supplied', date: f.supplyDate, method: f.supplyMethod === '划拨' ? '划拨' : '出让', supervisionNumber: f.supervisionNumber, priceWan: f.supplyPriceWan });
    if (f.agreedStartDate) events.push({ kind: 'agreed_start', date: f.supplyDate, agreedStartDate: f.agreedStartDate });
    const declaredOn = later(registeredOn, f.supplyDate);
    events.push(f.category === 'idle' ? { kind: 'declared_idle', date: declaredOn } : { kind: 'declared_inefficient', date: declaredOn, inefficiencyType: null });
  } else if (!(f.category === 'approved_not_expropriated' && f.approvalDate && f.approvalDate <= registeredOn)) {
    events.push({ kind: 'registered', date: later(registeredOn, f.approvalDate), category: f.category });
  }
  const categorisedOn = events[events.length - 1]!.date;
  if (f.status === 'planned') events.push({ kind: 'planned', date: categorisedOn, method: f.disposalMethod });
  if (f.status === 'struck_off') events.push({ kind: 'struck_off', date: later(categorisedOn, lastDisposalDate), reason: null });
  return events;
}

/** A disposal as the ledger records it: an event with its mu and method. */
export interface DisposalFact {
  date: IsoDate;
  mu: number;
  method: string;
}

/**
 * A parcel's whole life read from a ledger record and its disposals, in the order it happened: the record's own
 * facts first, then the disposals (recorded after them), and a struck-off last of all on its day.
 */
export function lifeFromLedger(f: LedgerFacts, registeredOn: IsoDate, disposals: readonly DisposalFact[]): LifeEvent[] {
  const last = disposals.reduce<IsoDate | null>((max, d) => (max === null || d.date > max ? d.date : max), null);
  const drafts: DraftEvent[] = [...eventsFromLedger(f, registeredOn, last), ...disposals.map((d) => ({ kind: 'disposal' as const, date: d.date, mu: d.mu, method: d.method }))];
  const rank = (e: DraftEvent) => (e.kind === 'struck_off' ? 2 : e.kind === 'disposal' ? 1 : 0);
  return drafts.map((e, i) => ({ ...e, seq: rank(e) * drafts.length + i }) as LifeEvent);
}
