import type { SheetProblem } from '../../core/campaign-setup/cells.ts';
import { parseAnnex2, parseAnnex3, parseAnnex4, type SheetContext, type SheetResult } from '../../core/campaign-setup/sheets.ts';
import { reconcileTables, type Difference } from '../../core/reconcile.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { readSheetUpload } from '../files/pool.ts';
import type { TaskTables } from './write.ts';

export const SHEETS = ['annex2', 'annex3', 'annex4'] as const;
export type SheetKey = (typeof SHEETS)[number];
export const SHEET_NAMES: Record<SheetKey, string> = { annex2: '附件2（批而未供任务分解表）', annex3: '附件3（闲置低效任务分解表）', annex4: '附件4（下达任务量汇总）' };

export interface SheetPreview<L> extends SheetResult<L> {
  fileName: string;
}

export interface TasksPreview {
  annex2: SheetPreview<TaskTables['annex2'][number]> | null;
  annex3: SheetPreview<TaskTables['annex3'][number]> | null;
  annex4: SheetPreview<TaskTables['annex4'][number]> | null;
  /** Where the sheets' own figures do not add up (kept as stated; see core/reconcile.ts). */
  differences: Difference[];
  warnings: string[];
  canCommit: boolean;
}

/** Reads the uploaded task sheets against the campaign's units; writes nothing. */
export async function previewTasks(db: Queryable, campaign: CampaignSummary, files: Partial<Record<SheetKey, { name: string; bytes: Uint8Array }>>): Promise<{ preview: TasksPreview; tables: TaskTables }> {
  const units = await db.query<{ code: string; name: string; fullName: string }>(
    'SELECT u.code, u.name, u.full_name AS "fullName" FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order',
    [campaign.id],
  );
  if (!units.length) throw new ApiError(409, 'no_units', '本专项行动还没有单位：请先导入单位边界或单位名单，再导入任务表');
  const context: SheetContext = { units, subtotals: Object.keys(campaign.subtotals), taskTypes: campaign.taskTypes };
  const parsers = { annex2: parseAnnex2, annex3: parseAnnex3, annex4: parseAnnex4 } as const;
  const preview: TasksPreview = { annex2: null, annex3: null, annex4: null, differences: [], warnings: [], canCommit: false };
  for (const key of SHEETS) {
    const file = files[key];
    if (!file) continue;
    const sheet = await readSheetUpload(file.name, file.bytes);
    const result: SheetResult<unknown> = sheet.ok ? parsers[key](sheet.rows, context) : { lines: [], problems: [{ row: null, message: sheet.error } satisfies SheetProblem] };
    (preview as unknown as Record<SheetKey, SheetPreview<unknown>>)[key] = { fileName: file.name, ...result };
  }
  const tables: TaskTables = { annex2: preview.annex2?.lines ?? [], annex3: preview.annex3?.lines ?? [], annex4: preview.annex4?.lines ?? [] };
  const nameOf = new Map(units.map((u) => [u.code, u.name]));
  const label = (l: { unitCode: string | null; label: string }) => (l.unitCode ? nameOf.get(l.unitCode)! : l.label);
  for (const key of ['annex2', 'annex3'] as const) {
    const lines = tables[key];
    if (!preview[key]) continue;
    const missing = units.filter((u) => !lines.some((l) => l.unitCode === u.code)).map((u) => u.name);
    if (missing.length) preview.warnings.push(`${SHEET_NAMES[key]}中没有这些单位的行：${missing.join('、')}`);
  }
  preview.differences = reconcileTables({
    annex2: tables.annex2.map((l) => ({ ...l, label: label(l), isUnit: l.unitCode !== null })),
    annex3: tables.annex3.map((l) => ({ label: label(l), isUnit: l.unitCode !== null, cells: l.cells })),
    annex4: tables.annex4.map((l) => ({ label: label(l), isUnit: l.unitCode !== null, tasks: l.tasks })),
    subtotals: campaign.subtotals,
  });
  const problems = SHEETS.flatMap((k) => preview[k]?.problems ?? []);
  preview.canCommit = problems.length === 0 && (tables.annex2.length > 0 || tables.annex3.length > 0 || tables.annex4.length > 0);
  return { preview, tables };
}
