import { taskTypeOf, type TaskType } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import { inLifeOrder, type LifeEvent } from '../parcel-life/events.ts';
import { disposalCategories, standingOn, taskTypeOn } from '../parcel-life/standing.ts';

/**
 * What one parcel's life says about the yearly figures: its disposals with the task type they counted toward, and
 * how much of its approved land was still unsupplied (or withdrawn) on a date. Read from its dated events only,
 * through the one rule of a parcel's standing (core/parcel-life/standing.ts).
 */

/** A disposal with the task type of the category in force when it was made (a parcel may change category later). */
export interface YearDisposal {
  date: IsoDate;
  mu: number;
  method: string;
  taskType: TaskType | null;
}

export function disposalsOfLife(events: readonly LifeEvent[], ledgerMu: number): YearDisposal[] {
  return disposalCategories(events, ledgerMu).map(({ disposal: e, category }) => ({ date: e.date, mu: e.mu, method: e.method, taskType: category && taskTypeOf(category) }));
}

/**
 * Disposals of 批而未供 land that make it supplied land: 供应 (出让 or 划拨), and 完善手续 for 未供即用, which completes the
 * supply procedures of land already in use. The other methods digest the task (加快征收, 列入储备, 区位调整, 置换,
 * 涉法涉诉协调) but leave the land unsupplied; 撤销批文 takes the land out of the approval (WITHDRAWAL_METHODS).
 */
export const SUPPLY_METHODS: readonly string[] = ['供应（出让）', '供应（划拨）', '完善手续'];
export const WITHDRAWAL_METHODS: readonly string[] = ['撤销批文'];

/** The approval (批次) a parcel's land came from, from its 批准 event. */
export interface ApprovalOfLife {
  date: IsoDate;
  /** 批准文号, the key of the batch; null when the ledger does not give it. */
  number: string | null;
  /** The batch's approved area as its approval states it, mu; null when not recorded. */
  approvedMu: number | null;
}

export function approvalOfLife(events: readonly LifeEvent[]): ApprovalOfLife | null {
  const e = inLifeOrder(events).find((x) => x.kind === 'approved');
  if (!e || e.kind !== 'approved') return null;
  return { date: e.date, number: e.approvalNumber?.trim() || null, approvedMu: e.approvedMu ?? null };
}

export interface SupplyOn {
  /** Mu of the parcel still approved but not supplied on the date (批而未征, 征而未供, 未供即用, less what was supplied). */
  unsuppliedMu: number;
  /** Mu of the parcel whose approval was withdrawn by the date (撤销批文): no longer approved land. */
  withdrawnMu: number;
}

/**
 * How much of the parcel's land was unsupplied, and how much withdrawn from its approval, on `date` (events of that
 * day included). Land supplied and later declared idle or inefficient is supplied land. `lifeDisposals`: the
 * parcel's disposalsOfLife, when the caller has them already (a parcel weighed for several years).
 */
export function supplyOn(events: readonly LifeEvent[], ledgerMu: number, date: IsoDate, lifeDisposals = disposalsOfLife(events, ledgerMu)): SupplyOn {
  const standing = standingOn(events, date, ledgerMu);
  if (standing.phase === 'withdrawn') return { unsuppliedMu: 0, withdrawnMu: ledgerMu };
  const disposals = lifeDisposals.filter((d) => d.date <= date && d.taskType === 'approved_not_supplied');
  const sum = (methods: readonly string[]) => disposals.filter((d) => methods.includes(d.method)).reduce((s, d) => s + d.mu, 0);
  const withdrawnMu = Math.min(ledgerMu, sum(WITHDRAWAL_METHODS));
  const stillUnsupplied = standing.phase === 'unused' && taskTypeOn(standing) === 'approved_not_supplied';
  const unsuppliedMu = stillUnsupplied ? Math.max(0, ledgerMu - withdrawnMu - sum(SUPPLY_METHODS)) : 0;
  return { unsuppliedMu, withdrawnMu };
}
