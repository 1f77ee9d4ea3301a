import { TASK_TYPE_LABELS, type TaskType } from '../categories.ts';
import { cellText, isEmptyRow, numberCell, type SheetProblem, type SheetRow } from './cells.ts';
import { matchRow, type UnitRef } from './match.ts';
import type { Annex2Row, Annex3Cell, Annex3Row, Annex4Row } from '../reconcile.ts';

/**
 * Task sheets shaped like the seed's 附件2 (批而未供, one unit a row), 附件3 (闲置/低效 lists of four columns each under
 * a two-row header) and 附件4 (下达任务量 per task type). Each parser finds its header by its words, not by position,
 * reads every row, and lists every problem with its Excel row number; total rows are kept as the sheet states them.
 */

export interface SheetContext {
  units: readonly UnitRef[];
  subtotals: readonly string[];
  taskTypes: readonly TaskType[];
}

interface LineBase {
  /** Excel row number. */
  row: number;
  /** The label as the sheet gives it, whitespace removed ("合 计" → "合计"). */
  label: string;
  /** The matched unit's code; null for a total row. */
  unitCode: string | null;
}

/** A line's figures are those the reconciliation reads (core/reconcile.ts); where it came from replaces its isUnit. */
type Figures<R> = Omit<R, 'label' | 'isUnit'>;

export interface Annex2Line extends LineBase, Figures<Annex2Row> {}

export interface Annex3Line extends LineBase, Figures<Annex3Row> {}

export interface Annex4Line extends LineBase, Figures<Annex4Row> {}

export interface SheetResult<L> {
  lines: L[];
  problems: SheetProblem[];
}

const UNIT_HEADER = /^(县区|县市区|行政区域|行政区|单位|单位名称|乡镇|乡镇名称|名称|地区)$/;

function findRow(rows: readonly SheetRow[], test: (text: string) => boolean, minHits = 1): number {
  return rows.findIndex((r) => r.cells.filter((c) => test(cellText(c))).length >= minHits);
}

/** The unit column: a header cell with a unit word in the given rows, else null. */
function unitColumn(rows: readonly SheetRow[]): number | null {
  for (const r of rows) {
    const at = r.cells.findIndex((c) => UNIT_HEADER.test(cellText(c)));
    if (at >= 0) return at;
  }
  return null;
}

/** A row's label: the unit cell, or (for a 总计 written in the 序号 column) the nearest text to its left. */
function labelOf(row: SheetRow, unitAt: number): string {
  const own = cellText(row.cells[unitAt]);
  if (own) return own;
  for (let c = unitAt - 1; c >= 0; c--) {
    const t = cellText(row.cells[c]);
    if (t && !/^\d+$/.test(t)) return t;
  }
  return '';
}

type Reader = (row: SheetRow, column: number, header: string, options?: { rate?: boolean; integer?: boolean }) => number | null;

/** Reads numbers, collecting a problem (row, column) for each bad cell instead of stopping at the first. */
function numberReader(problems: SheetProblem[]): Reader {
  return (row, column, header, options = {}) => {
    const parsed = numberCell(row.cells[column], options);
    if (parsed.ok) return parsed.value;
    problems.push({ row: row.number, column: header, message: `第 ${row.number} 行“${header}”列：${parsed.message}` });
    return null;
  };
}

/** Classifies the row's label; pushes a problem for a label that names no unit. */
function rowIdentity(row: SheetRow, label: string, context: SheetContext, problems: SheetProblem[]): { unitCode: string | null } | null {
  if (!label) {
    problems.push({ row: row.number, message: `第 ${row.number} 行：缺少单位名称` });
    return null;
  }
  const match = matchRow(label, context.units, context.subtotals);
  if (match.kind === 'unit') return { unitCode: match.unit.code };
  if (match.kind === 'total') return { unitCode: null };
  problems.push({ row: row.number, message: `第 ${row.number} 行：单位“${label}”不是本专项行动的单位（按名称、全称或代码均未找到）` });
  return null;
}

function duplicateUnits(lines: LineBase[], problems: SheetProblem[]): void {
  const seen = new Map<string, number>();
  for (const l of lines) {
    const key = l.unitCode ?? `total:${l.label}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ row: l.row, message: `第 ${l.row} 行：“${l.label}”与第 ${first} 行重复` });
    else seen.set(key, l.row);
  }
}

const ANNEX2_COLUMNS = [
  ['approvedMu', '批准面积', /批准面积/],
  ['suppliedMu', '供应面积', /^供应面积|已供面积/],
  ['unsuppliedMu', '未供面积', /未供面积/],
  ['rate', '下达任务率', /任务率/],
  ['taskMu', '下达任务量', /任务量/],
] as const;

/** 附件2: 县区 | 批准面积 | 供应面积 | 未供面积 | 下达任务率 | 下达任务量 (further columns ignored). */
export function parseAnnex2(rows: readonly SheetRow[], context: SheetContext): SheetResult<Annex2Line> {
  const problems: SheetProblem[] = [];
  if (!context.taskTypes.includes('approved_not_supplied')) {
    return { lines: [], problems: [{ row: null, message: '本专项行动不考核批而未供土地，不能导入附件2；请在基本信息中勾选“批而未供”' }] };
  }
  const headerAt = findRow(rows, (t) => /批准面积|未供面积/.test(t));
  if (headerAt < 0) return { lines: [], problems: [{ row: null, message: '找不到表头：附件2 应有“批准面积”“供应面积”“未供面积”“下达任务率”“下达任务量”等列' }] };
  const header = rows[headerAt]!;
  const unitAt = unitColumn([header]);
  if (unitAt === null) problems.push({ row: header.number, message: `第 ${header.number} 行表头缺少单位列（如“县区”“行政区域”）` });
  const columns = {} as Record<(typeof ANNEX2_COLUMNS)[number][0], number>;
  for (const [key, name, pattern] of ANNEX2_COLUMNS) {
    const at = header.cells.findIndex((c) => pattern.test(cellText(c)));
    if (at < 0) problems.push({ row: header.number, column: name, message: `第 ${header.number} 行表头缺少“${name}”列` });
    columns[key] = at;
  }
  if (problems.length) return { lines: [], problems };
  const read = numberReader(problems);
  const lines: Annex2Line[] = [];
  for (const row of rows.slice(headerAt + 1)) {
    if (isEmptyRow(row)) continue;
    const label = labelOf(row, unitAt!);
    const identity = rowIdentity(row, label, context, problems);
    const values = Object.fromEntries(
      ANNEX2_COLUMNS.map(([key, name]) => [key, read(row, columns[key], name, key === 'rate' ? { rate: true } : {})]),
    ) as Record<(typeof ANNEX2_COLUMNS)[number][0], number | null>;
    if (identity) lines.push({ row: row.number, label, unitCode: identity.unitCode, ...values });
  }
  duplicateUnits(lines, problems);
  return { lines, problems };
}

const ANNEX3_PARTS = [
  ['count', '宗数', /^宗数$/],
  ['areaMu', '面积', /面积/],
  ['rate', '完成任务率', /任务率/],
  ['taskMu', '完成任务量', /任务量/],
] as const;

/** The task type a list's heading names: 低效… is inefficient land, …闲置… is idle land. */
export function listTaskType(label: string): TaskType | null {
  if (/低效/.test(label)) return 'inefficient';
  if (/闲置/.test(label)) return 'idle';
  return null;
}

/**
 * 附件3: a heading row with one list name over each group of columns (merged, or written once at the group's first
 * column), and below it 宗数 | 面积 | 完成任务率 | 完成任务量 for each list.
 */
export function parseAnnex3(rows: readonly SheetRow[], context: SheetContext): SheetResult<Annex3Line> {
  const problems: SheetProblem[] = [];
  const subAt = findRow(rows, (t) => t === '宗数');
  if (subAt < 0) return { lines: [], problems: [{ row: null, message: '找不到表头：附件3 每个清单下应有“宗数”“面积”“完成任务率”“完成任务量”四列' }] };
  const sub = rows[subAt]!;
  let groupAt = subAt - 1;
  while (groupAt >= 0 && !rows[groupAt]!.cells.some((c) => listTaskType(cellText(c)))) groupAt--;
  if (groupAt < 0) return { lines: [], problems: [{ row: sub.number, message: `第 ${sub.number} 行之上找不到清单名称（如“2020年省厅下达闲置土地任务基数”“低效工业用地”）` }] };
  const group = rows[groupAt]!;
  const unitAt = unitColumn([group, sub, ...rows.slice(groupAt + 1, subAt)]);
  if (unitAt === null) problems.push({ row: group.number, message: `第 ${group.number} 行表头缺少单位列（如“行政区域”“县区”）` });

  // Each list spans the columns from its heading to the next heading.
  const starts = group.cells.map((c, i) => (listTaskType(cellText(c)) ? i : -1)).filter((i) => i >= 0);
  const lists = starts.map((start, k) => {
    const label = cellText(group.cells[start]);
    const end = starts[k + 1] ?? Math.max(sub.cells.length, start + 4);
    const columns = {} as Record<(typeof ANNEX3_PARTS)[number][0], number>;
    for (const [key, name, pattern] of ANNEX3_PARTS) {
      let at = -1;
      for (let c = start; c < end; c++) if (pattern.test(cellText(sub.cells[c])) && !(key === 'areaMu' && /任务/.test(cellText(sub.cells[c])))) { at = c; break; }
      if (at < 0 && (key === 'areaMu' || key === 'taskMu')) problems.push({ row: sub.number, column: name, message: `第 ${sub.number} 行表头“${label}”下缺少“${name}”列` });
      columns[key] = at;
    }
    return { label, taskType: listTaskType(label)!, columns };
  });
  // Merged headings are repeated into every cell of the merge by some readers: keep one list per name.
  const distinct = lists.filter((l, i) => lists.findIndex((x) => x.label === l.label) === i);
  for (const l of distinct) {
    if (!context.taskTypes.includes(l.taskType)) {
      problems.push({ row: group.number, message: `清单“${l.label}”属于${TASK_TYPE_LABELS[l.taskType]}，本专项行动不考核此类任务；请删去该清单或在基本信息中勾选` });
    }
  }
  if (problems.length) return { lines: [], problems };

  const read = numberReader(problems);
  const lines: Annex3Line[] = [];
  for (const row of rows.slice(subAt + 1)) {
    if (isEmptyRow(row)) continue;
    const label = labelOf(row, unitAt!);
    const identity = rowIdentity(row, label, context, problems);
    const cells = distinct.map((l): Annex3Cell => {
      const value = (key: (typeof ANNEX3_PARTS)[number][0], name: string, options?: { rate?: boolean; integer?: boolean }) =>
        l.columns[key] < 0 ? null : read(row, l.columns[key], `${l.label} ${name}`, options);
      return {
        list: l.label,
        taskType: l.taskType,
        count: value('count', '宗数', { integer: true }),
        areaMu: value('areaMu', '面积'),
        rate: value('rate', '完成任务率', { rate: true }),
        taskMu: value('taskMu', '完成任务量'),
      };
    });
    if (identity) lines.push({ row: row.number, label, unitCode: identity.unitCode, cells });
  }
  duplicateUnits(lines, problems);
  return { lines, problems };
}

const TYPE_HEADER: Array<[TaskType, RegExp]> = [
  ['approved_not_supplied', /批而未供/],
  ['idle', /闲置/],
  ['inefficient', /低效/],
];

/** 附件4: under a “下达任务量” heading, one column per task type (批而未供土地 | 闲置土地 | 低效工业用地). */
export function parseAnnex4(rows: readonly SheetRow[], context: SheetContext): SheetResult<Annex4Line> {
  const problems: SheetProblem[] = [];
  const typeOf = (t: string) => TYPE_HEADER.find(([, p]) => p.test(t))?.[0] ?? null;
  const subAt = findRow(rows, (t) => typeOf(t) !== null && !/表$/.test(t));
  if (subAt < 0) return { lines: [], problems: [{ row: null, message: '找不到表头：附件4 应有“批而未供土地”“闲置土地”“低效工业用地”等任务列' }] };
  const sub = rows[subAt]!;
  const above = subAt > 0 ? rows[subAt - 1]! : null;
  const unitAt = unitColumn(above ? [sub, above] : [sub]);
  if (unitAt === null) problems.push({ row: sub.number, message: `第 ${sub.number} 行表头缺少单位列（如“县区”）` });
  // Only the columns under 下达任务量 (the report's 本周处置量 columns name the same types).
  const taskGroupAt = above ? above.cells.findIndex((c) => /下达任务/.test(cellText(c))) : -1;
  const columns = new Map<TaskType, number>();
  sub.cells.forEach((c, i) => {
    const type = typeOf(cellText(c));
    if (!type || columns.has(type) || i < taskGroupAt) return;
    columns.set(type, i);
  });
  for (const type of columns.keys()) {
    if (!context.taskTypes.includes(type)) problems.push({ row: sub.number, message: `第 ${sub.number} 行有“${TASK_TYPE_LABELS[type]}”列，本专项行动不考核此类任务` });
  }
  if (problems.length) return { lines: [], problems };
  const read = numberReader(problems);
  const lines: Annex4Line[] = [];
  for (const row of rows.slice(subAt + 1)) {
    if (isEmptyRow(row)) continue;
    const label = labelOf(row, unitAt!);
    const identity = rowIdentity(row, label, context, problems);
    const tasks: Partial<Record<TaskType, number | null>> = {};
    for (const [type, at] of columns) tasks[type] = read(row, at, TASK_TYPE_LABELS[type]);
    if (identity) lines.push({ row: row.number, label, unitCode: identity.unitCode, tasks });
  }
  duplicateUnits(lines, problems);
  return { lines, problems };
}

/**
 * Each unit's task per type when no 附件4 is given: 批而未供 from 附件2's 下达任务量, 闲置/低效 the sum of 附件3's lists
 * of that type (null where every list leaves it blank).
 */
export function derivedTasks(annex2: readonly Annex2Line[], annex3: readonly Annex3Line[]): Array<{ unitCode: string; taskType: TaskType; taskMu: number | null; document: string }> {
  const out: Array<{ unitCode: string; taskType: TaskType; taskMu: number | null; document: string }> = [];
  for (const l of annex2) if (l.unitCode) out.push({ unitCode: l.unitCode, taskType: 'approved_not_supplied', taskMu: l.taskMu, document: '附件2' });
  for (const l of annex3) {
    if (!l.unitCode) continue;
    for (const type of [...new Set(l.cells.map((c) => c.taskType))]) {
      const values = l.cells.filter((c) => c.taskType === type).map((c) => c.taskMu);
      out.push({ unitCode: l.unitCode, taskType: type, taskMu: values.every((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0), document: '附件3' });
    }
  }
  return out;
}
