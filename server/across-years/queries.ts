import { acrossYears, type AcrossYearsRow, type YearParcel, type YearTask } from '../../core/across-years/figures.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { livesInLedger } from '../parcel-life/queries.ts';

export interface LedgerUnit {
  id: number;
  code: string;
  name: string;
}

/** Whose figures are asked for: a bureau's whole ledger (its units and their total), or one of its units. */
export interface YearsSubject {
  /** The ledger: the level unit of its campaigns (驻马店市, 安泽县). */
  ledger: LedgerUnit & { fullName: string };
  /** The units reported, in the latest campaign's order. */
  units: LedgerUnit[];
}

/**
 * The subject named by a unit code: a ledger's own unit (every unit of its campaigns), or one unit of a ledger's
 * campaigns (that unit alone). A 404 naming the code otherwise.
 */
export async function yearsSubject(db: Queryable, code: string): Promise<YearsSubject> {
  const [unit] = await db.query<LedgerUnit>('SELECT id, code, name FROM units WHERE code = $1', [code]);
  if (!unit) throw new ApiError(404, 'not_found', `单位代码 ${code} 不存在`);
  const ledgers = await db.query<LedgerUnit & { fullName: string; isLedger: boolean }>(
    `SELECT DISTINCT l.id, l.code, l.name, l.full_name AS "fullName", l.id = $1 AS "isLedger"
     FROM campaigns c JOIN units l ON l.id = c.level_unit_id
     WHERE c.level_unit_id = $1 OR EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.campaign_id = c.id AND cu.unit_id = $1)
     ORDER BY "isLedger" DESC, l.id`, [unit.id]);
  const ledger = ledgers[0];
  if (!ledger) throw new ApiError(404, 'not_found', `单位 ${unit.name}（${code}）不属于任何专项行动的台账`);
  if (!ledger.isLedger) return { ledger: { id: ledger.id, code: ledger.code, name: ledger.name, fullName: ledger.fullName }, units: [unit] };
  // Units of every campaign on the ledger, in the order of the latest campaign that has them.
  const units = await db.query<LedgerUnit>(
    `SELECT u.id, u.code, u.name FROM units u JOIN LATERAL (
       SELECT c.id AS campaign, cu.sort_order FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
       WHERE cu.unit_id = u.id AND c.level_unit_id = $1 ORDER BY c.id DESC LIMIT 1) latest ON true
     ORDER BY latest.campaign DESC, latest.sort_order`, [ledger.id]);
  return { ledger: { id: ledger.id, code: ledger.code, name: ledger.name, fullName: ledger.fullName }, units };
}

/** The years a ledger's campaigns start in, earliest first. */
export async function campaignYears(db: Queryable, ledgerId: number) {
  return db.query<{ year: number; id: number; name: string }>(
    `SELECT extract(year FROM start_date)::int AS year, id, name FROM campaigns WHERE level_unit_id = $1 ORDER BY start_date, id`, [ledgerId]);
}

/** Years asked for: both or neither; at most 30; defaults to the five years up to the latest campaign's. */
export function yearRange(fromText: string | undefined, toText: string | undefined, campaignYearList: readonly number[]): { from: number; to: number } {
  const year = (name: string, text: string | undefined) => {
    if (text === undefined || text === '') return null;
    if (!/^\d{4}$/.test(text) || Number(text) < 1990 || Number(text) > 2100) throw badParameter(name, `应为 1990 到 2100 之间的年份，收到“${text.slice(0, 40)}”`);
    return Number(text);
  };
  const latest = campaignYearList.length ? Math.max(...campaignYearList) : new Date().getUTCFullYear();
  const to = year('to', toText) ?? Math.max(latest, year('from', fromText) ?? latest);
  const from = year('from', fromText) ?? to - 4;
  if (from > to) throw badParameter('from', `起始年份 ${from} 晚于截止年份 ${to}`);
  if (to - from > 29) throw badParameter('to', `一次最多查询 30 年，收到 ${from}—${to} 共 ${to - from + 1} 年`);
  return { from, to };
}

export interface AcrossYears {
  ledger: YearsSubject['ledger'];
  units: LedgerUnit[];
  years: { from: number; to: number };
  /** The campaigns whose tasks each year's figures are held against. */
  campaigns: Array<{ year: number; id: number; name: string }>;
  rows: AcrossYearsRow[];
  basis: string;
}

/**
 * 历年 figures of a ledger's units (core/across-years/figures.ts): every live parcel of the ledger, its life (stored
 * events, or read from its record), its shares in the units by boundary; the tasks of the ledger's campaigns by the
 * year each starts in. `campaigns`: the ledger's campaignYears, which the caller read to settle the years.
 */
export async function acrossYearsOf(
  db: Queryable,
  subject: YearsSubject,
  years: { from: number; to: number },
  campaigns: ReadonlyArray<{ year: number; id: number; name: string }>,
): Promise<AcrossYears> {
  const unitIds = subject.units.map((u) => u.id);
  const [lives, shares, tasks] = await Promise.all([
    livesInLedger(db, subject.ledger.id),
    db.query<{ parcelId: number; unitId: number; share: number }>(
      `SELECT s.parcel_id AS "parcelId", s.unit_id AS "unitId", s.share FROM parcel_unit_shares s JOIN parcels p ON p.id = s.parcel_id
       WHERE p.ledger_unit_id = $1 AND p.deleted_at IS NULL AND s.unit_id = ANY($2::int[])`, [subject.ledger.id, unitIds]),
    db.query<YearTask>(
      `SELECT extract(year FROM c.start_date)::int AS year, t.unit_id AS "unitId", t.task_type AS "taskType", t.task_mu AS "taskMu"
       FROM tasks t JOIN campaigns c ON c.id = t.campaign_id
       WHERE c.level_unit_id = $1 AND t.unit_id = ANY($2::int[]) AND t.task_type IN ('approved_not_supplied', 'idle') AND t.task_mu IS NOT NULL
         AND extract(year FROM c.start_date) BETWEEN $3 AND $4`, [subject.ledger.id, unitIds, years.from, years.to]),
  ]);
  const sharesOf = new Map<number, Array<{ unitId: number; share: number }>>();
  for (const s of shares) sharesOf.set(s.parcelId, [...(sharesOf.get(s.parcelId) ?? []), { unitId: s.unitId, share: s.share }]);
  const parcels: YearParcel[] = [...lives].map(([parcelId, life]) => ({ parcelId, ledgerMu: life.ledgerMu, events: life.events, shares: sharesOf.get(parcelId) ?? [] }));
  return {
    ledger: subject.ledger,
    units: subject.units,
    years,
    campaigns: campaigns.filter((c) => c.year >= years.from && c.year <= years.to),
    rows: acrossYears({ years, unitIds, parcels, tasks }),
    basis: '按自然年统计全台账：消化、处置为当年处置记录中当时属批而未供、闲置土地的面积；任务为当年开始的专项行动下达的任务；'
      + '近五年供地率 = 前五年批准批次截至年末的供应面积 ÷ 批准面积（撤销批文的面积不计批准）。面积按地块椭球面积落在各单位边界内的比例分摊，单位：亩',
  };
}
