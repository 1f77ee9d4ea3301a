import { dayNumber, type IsoDate } from './dates.ts';

/**
 * Idle-land classification by the rules of 闲置土地处置办法 (2012) that a computer can apply (DOMAIN.md):
 * land is idle one year past its agreed start date (约定动工开发日期) without starting; or, once started, with less
 * than 1/3 of the area developed or less than 25% of the investment made, when work has been halted for a year.
 * Idle one year: an idle fee of 20% of the land price (征缴土地闲置费). Idle two years: recovery without
 * compensation (无偿收回). Where the government caused the delay, a person records it; it is never guessed.
 *
 * Whether work started is a fact a person records (the assessment); the ledger holds only the agreed date. Once the
 * agreed date has passed and nobody has recorded the start facts, the class is 资料不全 (`incomplete`): the rules
 * cannot tell idle land from land under construction, so no fee or recovery is ever read from missing data.
 */

export interface IdleLandFacts {
  agreedStartDate: IsoDate | null;
  /** When work actually started; null if it has not. */
  actualStartDate: IsoDate | null;
  /** Share of the area developed (0–1) and of the agreed investment made (0–1), when started. */
  developedShare: number | null;
  investmentShare: number | null;
  /** Since when work has stood still, if it started and stopped. */
  haltedSince: IsoDate | null;
  /** Recorded by a person: the delay was caused by the government (政府原因). */
  governmentCause: boolean;
  /** Land price in 万元, for the idle fee. */
  landPriceWan: number | null;
  /** A person recorded the start facts (started or not, halt, shares); without them only the agreed date is known. */
  startFactsRecorded: boolean;
}

export type IdleClass =
  | 'no_agreed_date'
  | 'incomplete'
  | 'developing'
  | 'not_due'
  | 'due_within_90_days'
  | 'idle_fee'
  | 'recoverable'
  | 'government_cause';

export const IDLE_CLASS_LABELS: Record<IdleClass, string> = {
  no_agreed_date: '缺约定动工日期',
  incomplete: '资料不全：开工情况未录入',
  developing: '正常开发',
  not_due: '未到期',
  due_within_90_days: '90 天内到期',
  idle_fee: '闲置满一年：征缴土地闲置费',
  recoverable: '闲置满两年：可无偿收回',
  government_cause: '政府原因闲置：另行处置',
};

export interface IdleClassification {
  class: IdleClass;
  /** The date the year is counted from: the agreed start, or when work halted. */
  countedFrom: IsoDate | null;
  /** The day the land becomes (or became) idle: one year after countedFrom. */
  idleFrom: IsoDate | null;
  /** Days until idleFrom (negative once idle). */
  daysToIdle: number | null;
  /** 20% of the land price, in 万元, when the idle fee applies. */
  idleFeeWan: number | null;
  reason: string;
}

/** The same calendar day n years later; 29 February falls on 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10) as IsoDate;
}

const WARNING_DAYS = 90;

export function classifyIdleLand(f: IdleLandFacts, asOf: IsoDate): IdleClassification {
  const none = { countedFrom: null, idleFrom: null, daysToIdle: null, idleFeeWan: null };
  if (!f.agreedStartDate) return { class: 'no_agreed_date', ...none, reason: '台账缺少约定动工开发日期，无法判断' };
  if (!f.startFactsRecorded && asOf >= f.agreedStartDate) return incomplete(f.agreedStartDate, asOf);
  const started = f.actualStartDate !== null && f.actualStartDate <= asOf;
  const wellUnderWay = (f.developedShare ?? 0) >= 1 / 3 && (f.investmentShare ?? 0) >= 0.25;
  if (started && (wellUnderWay || !f.haltedSince)) {
    return { class: 'developing', ...none, reason: wellUnderWay ? '已动工，开发面积与投资均达标' : '已动工且未停工' };
  }
  const countedFrom = started ? f.haltedSince! : f.agreedStartDate;
  const idleFrom = addYears(countedFrom, 1);
  const daysToIdle = dayNumber(idleFrom) - dayNumber(asOf);
  const base = { countedFrom, idleFrom, daysToIdle };
  const what = started ? `${countedFrom} 停工（开发面积不足 1/3 或投资不足 25%）` : `约定 ${countedFrom} 动工而未动工`;
  if (daysToIdle > 0) {
    return daysToIdle <= WARNING_DAYS
      ? { class: 'due_within_90_days', ...base, idleFeeWan: null, reason: `${what}，${daysToIdle} 天后（${idleFrom}）满一年` }
      : { class: 'not_due', ...base, idleFeeWan: null, reason: `${what}，${idleFrom} 满一年` };
  }
  if (f.governmentCause) return { class: 'government_cause', ...base, idleFeeWan: null, reason: `${what}，已认定为政府原因，按办法另行处置` };
  if (asOf >= addYears(countedFrom, 2)) return { class: 'recoverable', ...base, idleFeeWan: null, reason: `${what}，已满两年（${addYears(countedFrom, 2)}）` };
  return {
    class: 'idle_fee',
    ...base,
    idleFeeWan: f.landPriceWan == null ? null : Math.round(f.landPriceWan * 0.2 * 100) / 100,
    reason: `${what}，已满一年（${idleFrom}），按土地价款的 20% 征缴闲置费`,
  };
}


/**
 * Past the agreed date with no start facts recorded: says when the year would run out if work had not started, and
 * asks for the facts; it never names a fee or recovery.
 */
function incomplete(agreedStartDate: IsoDate, asOf: IsoDate): IdleClassification {
  const idleFrom = addYears(agreedStartDate, 1);
  const daysToIdle = dayNumber(idleFrom) - dayNumber(asOf);
  const when = daysToIdle > 0 ? `如未动工，${daysToIdle} 天后（${idleFrom}）满一年` : `如未动工，已于 ${idleFrom} 满一年`;
  return {
    class: 'incomplete',
    countedFrom: agreedStartDate,
    idleFrom,
    daysToIdle,
    idleFeeWan: null,
    reason: `约定 ${agreedStartDate} 动工，开工情况未录入，无法认定是否闲置（${when}）；请录入实际开工日期或确认未动工`,
  };
}
