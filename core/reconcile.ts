import { TASK_TYPE_LABELS, type TaskType } from './categories.ts';

/**
 * Reconciliation of a campaign's task tables: every figure a table states that can be derived from others is derived
 * and compared, and every difference listed with where it comes from, in mu. Nothing is corrected: the document's
 * figures stand, and the list says where they do not add up (DOMAIN.md: notice, do not hide).
 */

export interface Annex2Row {
  label: string;
  isUnit: boolean;
  approvedMu: number | null;
  suppliedMu: number | null;
  unsuppliedMu: number | null;
  rate: number | null;
  taskMu: number | null;
}

export interface Annex3Cell {
  list: string;
  taskType: TaskType;
  count: number | null;
  areaMu: number | null;
  rate: number | null;
  taskMu: number | null;
}

export interface Annex3Row {
  label: string;
  isUnit: boolean;
  cells: Annex3Cell[];
}

export interface Annex4Row {
  label: string;
  isUnit: boolean;
  tasks: Partial<Record<TaskType, number | null>>;
}

export interface Difference {
  table: string;
  row: string;
  /** What was checked, in words: "未供面积 = 批准面积 − 供应面积". */
  check: string;
  stated: number;
  computed: number;
  /** stated − computed, in mu (or parcels, for counts). */
  diff: number;
}

export interface Tables {
  annex2: Annex2Row[];
  annex3: Annex3Row[];
  annex4: Annex4Row[];
  /** Subtotal rows and the units they add up, e.g. 中心城区合计. */
  subtotals: Record<string, string[]>;
}

const TOTAL = /合\s*计|总\s*计/;
const sum = (xs: Array<number | null | undefined>) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
/** The document rounds derived tasks to whole mu. */
const roundMu = (x: number) => Math.round(x);

export function reconcileTables(t: Tables): Difference[] {
  const out: Difference[] = [];
  const compare = (table: string, row: string, check: string, stated: number | null | undefined, computed: number) => {
    if (stated == null) return;
    const diff = Math.round((stated - computed) * 100) / 100;
    if (diff !== 0) out.push({ table, row, check, stated, computed: Math.round(computed * 100) / 100, diff });
  };
  const membersOf = <R extends { label: string; isUnit: boolean }>(label: string, rows: R[]): R[] | null =>
    t.subtotals[label] ? rows.filter((r) => t.subtotals[label]!.includes(r.label)) : TOTAL.test(label) ? rows.filter((r) => r.isUnit) : null;

  for (const r of t.annex2) {
    if (r.approvedMu != null && r.suppliedMu != null) compare('附件2', r.label, '未供面积 = 批准面积 − 供应面积', r.unsuppliedMu, r.approvedMu - r.suppliedMu);
    if (r.rate != null && r.unsuppliedMu != null) compare('附件2', r.label, '下达任务量 = 下达任务率 × 未供面积（取整）', r.taskMu, roundMu(r.rate * r.unsuppliedMu));
    const members = r.isUnit ? null : membersOf(r.label, t.annex2);
    if (members) {
      for (const [key, name] of [['approvedMu', '批准面积'], ['suppliedMu', '供应面积'], ['unsuppliedMu', '未供面积'], ['taskMu', '下达任务量']] as const) {
        compare('附件2', r.label, `${name} = 各单位之和`, r[key], sum(members.map((m) => m[key])));
      }
    }
  }

  for (const r of t.annex3) {
    for (const c of r.cells) {
      if (c.rate != null && c.areaMu != null) compare('附件3', `${r.label} ${c.list}`, '完成任务量 = 完成任务率 × 面积（取整）', c.taskMu, roundMu(c.rate * c.areaMu));
    }
    const members = r.isUnit ? null : membersOf(r.label, t.annex3);
    if (members) {
      for (const c of r.cells) {
        const cellsOf = members.map((m) => m.cells.find((x) => x.list === c.list));
        compare('附件3', `${r.label} ${c.list}`, '宗数 = 各单位之和', c.count, sum(cellsOf.map((x) => x?.count)));
        compare('附件3', `${r.label} ${c.list}`, '面积 = 各单位之和', c.areaMu, sum(cellsOf.map((x) => x?.areaMu)));
        compare('附件3', `${r.label} ${c.list}`, '完成任务量 = 各单位之和', c.taskMu, sum(cellsOf.map((x) => x?.taskMu)));
      }
    }
  }

  const taskTypes = [...new Set(t.annex4.flatMap((r) => Object.keys(r.tasks)))] as TaskType[];
  for (const r of t.annex4) {
    const members = r.isUnit ? null : membersOf(r.label, t.annex4);
    for (const type of taskTypes) {
      if (members) compare('附件4', r.label, `${TYPE_WORDS[type]}下达任务量 = 各单位之和`, r.tasks[type], sum(members.map((m) => m.tasks[type])));
      if (type === 'approved_not_supplied') {
        const a2 = t.annex2.find((x) => x.label === r.label) ?? (TOTAL.test(r.label) ? t.annex2.find((x) => TOTAL.test(x.label) && !t.subtotals[x.label]) : undefined);
        if (a2?.taskMu != null) compare('附件4 / 附件2', r.label, '批而未供下达任务量与附件2一致', r.tasks[type], a2.taskMu);
      } else {
        const a3 = t.annex3.find((x) => x.label === r.label) ?? (TOTAL.test(r.label) ? t.annex3.find((x) => TOTAL.test(x.label)) : undefined);
        if (a3) compare('附件4 / 附件3', r.label, `${TYPE_WORDS[type]}下达任务量 = 附件3 各清单完成任务量之和`, r.tasks[type], sum(a3.cells.filter((c) => c.taskType === type).map((c) => c.taskMu)));
      }
    }
  }
  return out;
}

const TYPE_WORDS: Record<TaskType, string> = { approved_not_supplied: '批而未供', idle: '闲置土地', inefficient: '低效用地' };

/** A unit's task base for one task type (附件2 未供面积, or 附件3 面积 summed over its lists) beside its ledger. */
export interface LedgerBaseRow {
  unit: string;
  taskType: TaskType;
  /** null where the tables state no base for this unit and type. */
  baseMu: number | null;
  /** Σ ledger mu of the unit's parcels whose category counts towards the task type. */
  ledgerMu: number;
  parcelCount: number;
}

/**
 * The ledger against the task base: the parcels the ledger lists for a unit and task type should add up to the base
 * the task was set on. Each unit where they do not (by more than `toleranceMu`) is listed, with both figures; a unit
 * whose ledger is still being built shows here as the mu not yet entered.
 */
export function ledgerAgainstBase(rows: LedgerBaseRow[], toleranceMu = 0.5): Difference[] {
  return rows.flatMap((r) => {
    if (r.baseMu === null || Math.abs(r.baseMu - r.ledgerMu) <= toleranceMu) return [];
    return [
      {
        table: '台账 / 任务基数',
        row: r.unit,
        check: `${TASK_TYPE_LABELS[r.taskType]}：台账 ${r.parcelCount} 宗地块面积合计 = 任务基数`,
        stated: r.baseMu,
        computed: Math.round(r.ledgerMu * 100) / 100,
        diff: Math.round((r.baseMu - r.ledgerMu) * 100) / 100,
      },
    ];
  });
}
