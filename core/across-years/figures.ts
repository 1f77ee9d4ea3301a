import type { IsoDate } from '../dates.ts';
import type { LifeEvent } from '../parcel-life/events.ts';
import { completionRate } from '../progress.ts';
import { approvalOfLife, disposalsOfLife, supplyOn } from './parcel-year.ts';

/**
 * 历年: per unit and calendar year, the figures a county is judged on every year, all from the parcels' dated events.
 *
 * - 批而未供消化: the mu of 批而未供 land (批而未征, 征而未供, 未供即用 on the day) disposed of in the year, by any method the
 *   seed counts as 消化 ("采取区位调整、置换或申请撤销批文等方式进行消化", seeds/000 三(二)), against the year's task
 *   ("2021年11月30日前…批而未供土地消化39812亩", seeds/000 二).
 * - 闲置土地处置: the mu of idle land (供后闲置 on the day) disposed of in the year, against the year's task ("全市闲置
 *   土地处置9214亩", seeds/000 二).
 * - 近五年供地率: 供地率 = supplied ÷ approved (DOMAIN.md), of the approvals (批次) of the five years before the year
 *   (Y−5 … Y−1), as they stood at the year's end. Both seeds judge a place by it: Zhumadian's campaign exists to end
 *   "我市供地率长期偏低" (seeds/000 二) and names missing supply records as what makes it look low (seeds/000 三(一));
 *   Anze holds it "在科学合理的区间内" under 自然资规〔2018〕1号 (增存挂钩, seeds/002 三(五)), which weighs the approvals
 *   of the last five years. A withdrawn approval (撤销批文) leaves the approved area; supplied = approved − the land
 *   still unsupplied at the year's end (DOMAIN.md: 未供 = 批准 − 供应).
 *
 * The year is the calendar year, over the whole ledger (not a campaign's scope or window): that is how a county is
 * assessed year on year. A year's tasks are those of the campaigns on the ledger that start in it. Each parcel
 * counts in each unit by the share of its ellipsoidal area inside the unit (parcel_unit_shares), as progress does.
 * Only batches the ledger knows are seen: a batch all supplied before any of its land entered the ledger is not.
 */

export interface YearParcel {
  parcelId: number;
  ledgerMu: number;
  events: readonly LifeEvent[];
  /** Share of the parcel's ellipsoidal area inside each unit (0–1). */
  shares: ReadonlyArray<{ unitId: number; share: number }>;
}

export type YearTaskType = 'approved_not_supplied' | 'idle';

export interface YearTask {
  year: number;
  unitId: number;
  taskType: YearTaskType;
  taskMu: number;
}

export interface TaskYearFigures {
  /** The year's task, mu; null when no campaign of that year gave the unit one. */
  taskMu: number | null;
  /** Mu disposed of in the year. */
  doneMu: number;
  /** done ÷ task; null without a task. */
  rate: number | null;
}

export interface SupplyYearFigures {
  /** The approval years weighed: the five before the year. */
  approvalYears: { from: number; to: number };
  /** Batches (批次, by 批准文号) approved in those years that touch the unit. */
  batches: number;
  approvedMu: number;
  suppliedMu: number;
  /** supplied ÷ approved; null when nothing was approved. */
  rate: number | null;
}

export interface AcrossYearsRow {
  year: number;
  /** null: the total of the units. */
  unitId: number | null;
  digested: TaskYearFigures;
  idle: TaskYearFigures;
  supply: SupplyYearFigures;
}

export interface AcrossYearsInput {
  years: { from: number; to: number };
  /** The units, in the order rows are wanted. */
  unitIds: readonly number[];
  parcels: readonly YearParcel[];
  tasks: readonly YearTask[];
}

/** The five approval years a year's supply rate weighs. */
export const SUPPLY_RATE_YEARS = 5;

const yearEnd = (year: number) => `${year}-12-31` as IsoDate;

interface Batch {
  approvalYear: number;
  /** The approved area the approval states (the largest any of its parcels records), or the sum of its parcels' mu. */
  approvedMu: number;
  parcels: YearParcel[];
}

/**
 * Parcels grouped by their approval: the same 批准文号 on the same day (a number recorded with two dates is two
 * approvals as far as the ledger can tell, not one to be merged); a parcel whose number is not recorded is a batch
 * of its own.
 */
function batchesOf(parcels: readonly YearParcel[]): Batch[] {
  const byKey = new Map<string, { approvalYear: number; stated: number | null; parcels: YearParcel[] }>();
  for (const p of parcels) {
    const approval = approvalOfLife(p.events);
    if (!approval) continue;
    const key = approval.number === null ? `parcel:${p.parcelId}` : `${approval.number}@${approval.date}`;
    const year = Number(approval.date.slice(0, 4));
    const batch = byKey.get(key) ?? { approvalYear: year, stated: null, parcels: [] };
    batch.approvalYear = Math.min(batch.approvalYear, year);
    if (approval.approvedMu != null) batch.stated = Math.max(batch.stated ?? 0, approval.approvedMu);
    batch.parcels.push(p);
    byKey.set(key, batch);
  }
  return [...byKey.values()].map((b) => ({ approvalYear: b.approvalYear, approvedMu: b.stated ?? b.parcels.reduce((s, p) => s + p.ledgerMu, 0), parcels: b.parcels }));
}

export function acrossYears(input: AcrossYearsInput): AcrossYearsRow[] {
  const { from, to } = input.years;
  const units = new Set(input.unitIds);
  const key = (year: number, unitId: number) => `${year}/${unitId}`;

  // Each parcel's disposals with the task type they counted toward, read once (the supply figures weigh a parcel
  // for up to five years).
  const disposalsOf = new Map(input.parcels.map((p) => [p, disposalsOfLife(p.events, p.ledgerMu)]));

  // Disposals of each year by unit and task type.
  const done = new Map<string, { digested: number; idle: number }>();
  for (const p of input.parcels) {
    for (const d of disposalsOf.get(p)!) {
      const year = Number(d.date.slice(0, 4));
      if (year < from || year > to || (d.taskType !== 'approved_not_supplied' && d.taskType !== 'idle')) continue;
      for (const s of p.shares) {
        if (!units.has(s.unitId)) continue;
        const sums = done.get(key(year, s.unitId)) ?? { digested: 0, idle: 0 };
        sums[d.taskType === 'idle' ? 'idle' : 'digested'] += d.mu * s.share;
        done.set(key(year, s.unitId), sums);
      }
    }
  }

  const tasks = new Map<string, { digested: number | null; idle: number | null }>();
  for (const t of input.tasks) {
    const sums = tasks.get(key(t.year, t.unitId)) ?? { digested: null, idle: null };
    const field = t.taskType === 'idle' ? 'idle' : 'digested';
    sums[field] = (sums[field] ?? 0) + t.taskMu;
    tasks.set(key(t.year, t.unitId), sums);
  }

  // Supply of the approvals of the five years before each year, at its end, by unit.
  const batches = batchesOf(input.parcels);
  const supply = new Map<string, { batches: number; approved: number; unsupplied: number }>();
  for (let year = from; year <= to; year++) {
    for (const b of batches) {
      if (b.approvalYear < year - SUPPLY_RATE_YEARS || b.approvalYear > year - 1) continue;
      // The batch's approved area goes to the units by where its ledger land lies.
      const total = b.parcels.reduce((s, p) => s + p.ledgerMu, 0);
      const weight = new Map<number, number>();
      const perUnit = new Map<number, { withdrawn: number; unsupplied: number }>();
      for (const p of b.parcels) {
        const { unsuppliedMu, withdrawnMu } = supplyOn(p.events, p.ledgerMu, yearEnd(year), disposalsOf.get(p));
        for (const s of p.shares) {
          if (!units.has(s.unitId)) continue;
          weight.set(s.unitId, (weight.get(s.unitId) ?? 0) + (p.ledgerMu * s.share) / total);
          const u = perUnit.get(s.unitId) ?? { withdrawn: 0, unsupplied: 0 };
          u.withdrawn += withdrawnMu * s.share;
          u.unsupplied += unsuppliedMu * s.share;
          perUnit.set(s.unitId, u);
        }
      }
      for (const [unitId, w] of weight) {
        const u = perUnit.get(unitId)!;
        const sums = supply.get(key(year, unitId)) ?? { batches: 0, approved: 0, unsupplied: 0 };
        sums.batches += 1;
        sums.approved += b.approvedMu * w - u.withdrawn;
        sums.unsupplied += u.unsupplied;
        supply.set(key(year, unitId), sums);
      }
    }
  }

  const figures = (taskMu: number | null, doneMu: number): TaskYearFigures => ({ taskMu, doneMu, rate: completionRate(doneMu, taskMu) });
  const supplyFigures = (year: number, s: { batches: number; approved: number; unsupplied: number }): SupplyYearFigures => {
    const suppliedMu = s.approved - s.unsupplied;
    return {
      approvalYears: { from: year - SUPPLY_RATE_YEARS, to: year - 1 },
      batches: s.batches, approvedMu: s.approved, suppliedMu, rate: s.approved > 0 ? suppliedMu / s.approved : null,
    };
  };
  const sumOrNull = (xs: Array<number | null>) => (xs.some((x) => x != null) ? xs.reduce<number>((s, x) => s + (x ?? 0), 0) : null);

  const rows: AcrossYearsRow[] = [];
  for (let year = from; year <= to; year++) {
    const unitRows = input.unitIds.map((unitId): AcrossYearsRow => {
      const t = tasks.get(key(year, unitId)) ?? { digested: null, idle: null };
      const d = done.get(key(year, unitId)) ?? { digested: 0, idle: 0 };
      return {
        year, unitId,
        digested: figures(t.digested, d.digested),
        idle: figures(t.idle, d.idle),
        supply: supplyFigures(year, supply.get(key(year, unitId)) ?? { batches: 0, approved: 0, unsupplied: 0 }),
      };
    });
    const total = (pick: (r: AcrossYearsRow) => TaskYearFigures) =>
      figures(sumOrNull(unitRows.map((r) => pick(r).taskMu)), unitRows.reduce((s, r) => s + pick(r).doneMu, 0));
    // A batch lying in two units is one batch of the total.
    const totalBatches = batches.filter((b) => b.approvalYear >= year - SUPPLY_RATE_YEARS && b.approvalYear <= year - 1
      && b.parcels.some((p) => p.shares.some((s) => units.has(s.unitId)))).length;
    const approved = unitRows.reduce((s, r) => s + r.supply.approvedMu, 0);
    const supplied = unitRows.reduce((s, r) => s + r.supply.suppliedMu, 0);
    rows.push(...unitRows, {
      year, unitId: null,
      digested: total((r) => r.digested),
      idle: total((r) => r.idle),
      supply: supplyFigures(year, { batches: totalBatches, approved, unsupplied: approved - supplied }),
    });
  }
  return rows;
}
