import type { Category } from '../categories.ts';
import type { IsoDate } from '../dates.ts';

/**
 * A parcel's life as dated events (一宗地的全生命周期): what happened to the land, entered by people, imported from a
 * file, or taken from the monitoring-system export. The parcel's category and status on any date follow from the
 * events up to that date (standing.ts); a change of category is an event, never an overwrite.
 */
export const LIFE_EVENT_KINDS = [
  'registered',
  'approved',
  'expropriated',
  'found_in_use',
  'supplied',
  'handed_over',
  'agreed_start',
  'started',
  'completed',
  'declared_idle',
  'declared_inefficient',
  'planned',
  'disposal',
  'approval_withdrawn',
  'struck_off',
] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

export const LIFE_EVENT_LABELS: Record<LifeEventKind, string> = {
  registered: '登记入账',
  approved: '批准',
  expropriated: '征收完成',
  found_in_use: '认定未供即用',
  supplied: '供应',
  handed_over: '交地',
  agreed_start: '约定开工',
  started: '实际开工',
  completed: '竣工',
  declared_idle: '认定闲置',
  declared_inefficient: '认定低效',
  planned: '确定处置方案',
  disposal: '处置',
  approval_withdrawn: '撤销批文',
  struck_off: '销号',
};

/** An event that is only its date. */
type NoDetails = Record<never, never>;

/** What each kind of event carries besides its date. */
export interface LifeEventDetails {
  /** registered: the category the parcel is entered with, when its earlier life is not recorded (imports, migration). */
  registered: { category: Category };
  approved: { approvalNumber?: string | null; approvedMu?: number | null };
  expropriated: NoDetails;
  found_in_use: NoDetails;
  /** 供应: 出让 or 划拨, with the monitoring system's key and, for 出让, the price in 万元. */
  supplied: { method: '出让' | '划拨'; supervisionNumber?: string | null; priceWan?: number | null };
  handed_over: NoDetails;
  /** The start date agreed in the supply contract; the event's own date is when it was agreed. */
  agreed_start: { agreedStartDate: IsoDate };
  started: NoDetails;
  completed: NoDetails;
  declared_idle: NoDetails;
  declared_inefficient: { inefficiencyType?: '产业转型类' | '粗放用地类' | '停建停产类' | null };
  planned: { method: string | null };
  /** A disposal: mu of the parcel disposed of on that date, by a method the campaign counts. */
  disposal: { mu: number; method: string };
  approval_withdrawn: NoDetails;
  struck_off: { reason?: string | null };
}

export type LifeEvent = {
  [K in LifeEventKind]: {
    kind: K;
    date: IsoDate;
    /** Order among events of the same day: the order they were recorded in. */
    seq: number;
  } & LifeEventDetails[K];
}[LifeEventKind];

/** Events in the order they take effect: by date, then by the order they were recorded. */
export function inLifeOrder<E extends { date: string; seq: number }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
}
