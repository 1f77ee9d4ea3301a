import { randomBytes } from 'node:crypto';
import { TASK_TYPES } from '../../core/categories.ts';
import type { CampaignDefinition } from '../../core/campaign-setup/definition.ts';
import type { Annex2Line, Annex3Line, Annex4Line } from '../../core/campaign-setup/sheets.ts';
import { derivedTasks } from '../../core/campaign-setup/sheets.ts';
import type { UnitDraft } from '../../core/campaign-setup/units.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';

/**
 * Writing a campaign set up from its own files, each step in the caller's transaction: the definition, then the
 * units, then the task tables (the same rows the seed presets write: tasks, task_bases with 附件2/附件3).
 */

/** Creates the campaign and its level unit (shared by code with other campaigns). Returns the campaign id. */
export async function insertCampaign(tx: Queryable, def: CampaignDefinition, isDemo = false): Promise<number> {
  const key = def.key ?? `campaign-${randomBytes(4).toString('hex')}`;
  const [taken] = await tx.query('SELECT 1 FROM campaigns WHERE key = $1', [key]);
  if (taken) throw new ApiError(409, 'key_taken', `标识“${key}”已被其他专项行动使用`, { problems: { key: '标识已被使用，请换一个' } });
  const [level] = await tx.query<{ id: number; name: string }>(
    `INSERT INTO units (code, name, full_name, kind) VALUES ($1, $2, $2, $3)
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, name`,
    [def.level.code, def.level.name, def.level.kind],
  );
  if (level!.name !== def.level.name) {
    throw new ApiError(409, 'level_code_taken', `行政区代码 ${def.level.code} 已登记为“${level!.name}”，与填写的“${def.level.name}”不符`, { problems: { 'level.code': `代码已登记为“${level!.name}”` } });
  }
  const [campaign] = await tx.query<{ id: number }>(
    `INSERT INTO campaigns (key, name, document, level_unit_id, start_date, end_date, task_types, tolerance_relative, tolerance_absolute_mu, phases, is_demo, subtotals)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [key, def.name, def.document, level!.id, def.startDate, def.endDate, def.taskTypes, def.tolerance.relative, def.tolerance.absoluteMu,
      JSON.stringify(def.phases), isDemo, JSON.stringify(def.subtotals)],
  );
  for (const m of def.milestones) {
    await tx.query('INSERT INTO milestones (campaign_id, date, target_pct, label) VALUES ($1, $2, $3, $4)', [campaign!.id, m.date, m.targetPct, m.label ?? null]);
  }
  return campaign!.id;
}

/** Boundaries that differ by less than this (m²) are the same boundary written twice. */
const SAME_BOUNDARY_M2 = 1;

/**
 * Units are shared across campaigns by code. A code already registered may be reused only for the same unit with the
 * same boundary (or none): changing another campaign's unit silently would change that campaign's progress. Answers,
 * per unit index, why it cannot be written, and the ids of the units that can be reused.
 */
export async function registeredUnits(db: Queryable, units: readonly UnitDraft[]): Promise<{ conflicts: Map<number, string>; reuse: Map<string, number> }> {
  const conflicts = new Map<number, string>();
  const reuse = new Map<string, number>();
  for (const unit of units) {
    if (!unit.code) continue;
    const geometry = unit.geometry ? JSON.stringify(unit.geometry) : null;
    const [existing] = await db.query<{ id: number; name: string; hasBoundary: boolean; diffM2: number | null }>(
      `SELECT id, name, boundary IS NOT NULL AS "hasBoundary",
         CASE WHEN boundary IS NULL OR $2::text IS NULL THEN NULL
              ELSE ST_Area(ST_SymDifference(boundary, ST_Multi(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326))))::geography)::float8 END AS "diffM2"
       FROM units WHERE code = $1`,
      [unit.code, geometry],
    );
    if (!existing) continue;
    if (existing.name !== unit.name) conflicts.set(unit.index, `代码 ${unit.code} 已登记为单位“${existing.name}”，与“${unit.name}”不符：请核对代码字段`);
    else if (geometry && (!existing.hasBoundary || (existing.diffM2 ?? 0) > SAME_BOUNDARY_M2)) {
      const by = existing.diffM2 === null ? '原无边界' : `相差 ${(existing.diffM2 / (10000 / 15)).toFixed(2)} 亩`;
      conflicts.set(unit.index, `代码 ${unit.code} 已在其他专项行动中使用，边界不同（${by}）：为免改动其他专项行动，请为新边界使用新代码`);
    } else reuse.set(unit.code, existing.id);
  }
  return { conflicts, reuse };
}

/** Adds the units to the campaign in the file's order, reusing registered units where allowed (see registeredUnits). */
export async function insertUnits(tx: Queryable, campaignId: number, units: readonly UnitDraft[]): Promise<number[]> {
  const [state] = await tx.query<{ n: number; levelId: number; levelCode: string }>(
    `SELECT (SELECT count(*)::int FROM campaign_units WHERE campaign_id = c.id) AS n, c.level_unit_id AS "levelId", l.code AS "levelCode"
     FROM campaigns c JOIN units l ON l.id = c.level_unit_id WHERE c.id = $1 FOR UPDATE OF c`,
    [campaignId],
  );
  if (state!.n > 0) throw new ApiError(409, 'units_exist', '本专项行动已有单位，不能再次导入');
  const { conflicts, reuse } = await registeredUnits(tx, units);
  if (conflicts.size) throw new ApiError(409, 'unit_code_taken', [...conflicts.values()].join('；'));
  const ids: number[] = [];
  for (const [order, unit] of units.entries()) {
    if (unit.code === state!.levelCode) throw new ApiError(409, 'unit_is_level', `单位“${unit.name}”的代码 ${unit.code} 与专项行动的行政区相同`);
    let id = reuse.get(unit.code);
    if (id === undefined) {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO units (code, name, full_name, kind, parent_id, boundary_illustrative, boundary_note, boundary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($8::text), 4326)) END)
         RETURNING id`,
        [unit.code, unit.name, unit.fullName, unit.kind, state!.levelId, unit.illustrative, unit.note, unit.geometry ? JSON.stringify(unit.geometry) : null],
      );
      id = row!.id;
    }
    await tx.query('INSERT INTO campaign_units (campaign_id, unit_id, sort_order) VALUES ($1, $2, $3)', [campaignId, id, order]);
    ids.push(id);
  }
  return ids;
}

export interface TaskTables {
  annex2: Annex2Line[];
  annex3: Annex3Line[];
  annex4: Annex4Line[];
}

/**
 * Replaces the campaign's task tables. Tasks come from 附件4 where it is given (as the seed's weekly report states
 * them), else from 附件2/附件3 unit by unit; total rows are written as the sheets state them, for reconciliation.
 */
export async function replaceTasks(tx: Queryable, campaignId: number, tables: TaskTables): Promise<{ tasks: number; bases: number }> {
  const units = await tx.query<{ id: number; code: string }>(
    'SELECT u.id, u.code FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1',
    [campaignId],
  );
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const unitId = (code: string | null) => {
    if (code === null) return null;
    const id = idOf.get(code);
    if (id === undefined) throw new ApiError(409, 'unit_gone', `单位代码 ${code} 已不属于本专项行动，请重新预览任务表`);
    return id;
  };
  await tx.query('DELETE FROM tasks WHERE campaign_id = $1', [campaignId]);
  await tx.query('DELETE FROM task_bases WHERE campaign_id = $1', [campaignId]);
  let tasks = 0;
  if (tables.annex4.length) {
    for (const line of tables.annex4) {
      // In TASK_TYPES' order, not the object's: a preview kept as jsonb comes back with its keys reordered.
      for (const taskType of TASK_TYPES.filter((t) => t in line.tasks)) {
        const taskMu = line.tasks[taskType] ?? null;
        await tx.query('INSERT INTO tasks (campaign_id, unit_id, row_label, task_type, task_mu, document) VALUES ($1, $2, $3, $4, $5, $6)',
          [campaignId, unitId(line.unitCode), line.unitCode ? null : line.label, taskType, taskMu, '附件4']);
        tasks++;
      }
    }
  } else {
    for (const t of derivedTasks(tables.annex2, tables.annex3)) {
      await tx.query('INSERT INTO tasks (campaign_id, unit_id, row_label, task_type, task_mu, document) VALUES ($1, $2, NULL, $3, $4, $5)',
        [campaignId, unitId(t.unitCode), t.taskType, t.taskMu, t.document]);
      tasks++;
    }
  }
  let order = 0;
  for (const l of tables.annex2) {
    await tx.query(
      `INSERT INTO task_bases (campaign_id, unit_id, row_label, document, base_list, task_type, approved_mu, supplied_mu, unsupplied_mu, rate, task_mu, sort_order)
       VALUES ($1, $2, $3, '附件2', '批而未供', 'approved_not_supplied', $4, $5, $6, $7, $8, $9)`,
      [campaignId, unitId(l.unitCode), l.unitCode ? null : l.label, l.approvedMu, l.suppliedMu, l.unsuppliedMu, l.rate, l.taskMu, order++],
    );
  }
  for (const l of tables.annex3) {
    for (const cell of l.cells) {
      await tx.query(
        `INSERT INTO task_bases (campaign_id, unit_id, row_label, document, base_list, task_type, parcel_count, area_mu, rate, task_mu, sort_order)
         VALUES ($1, $2, $3, '附件3', $4, $5, $6, $7, $8, $9, $10)`,
        [campaignId, unitId(l.unitCode), l.unitCode ? null : l.label, cell.list, cell.taskType, cell.count, cell.areaMu, cell.rate, cell.taskMu, order++],
      );
    }
  }
  await orderUnitsLikeSheets(tx, campaignId, tables);
  return { tasks, bases: order };
}

/**
 * Puts the campaign's units in the order its task tables list them (附件4, else 附件2, else 附件3), which is the
 * document's order that reports and rankings follow; units no sheet names keep their file order after them.
 */
async function orderUnitsLikeSheets(tx: Queryable, campaignId: number, tables: TaskTables): Promise<void> {
  const lines: Array<{ unitCode: string | null }> = tables.annex4.length ? tables.annex4 : tables.annex2.length ? tables.annex2 : tables.annex3;
  const codes = lines.map((l) => l.unitCode).filter((c): c is string => c !== null);
  if (!codes.length) return;
  await tx.query(
    `UPDATE campaign_units cu SET sort_order = CASE WHEN array_position($2::text[], u.code) IS NULL THEN $3 + cu.sort_order ELSE array_position($2::text[], u.code) - 1 END
     FROM units u WHERE u.id = cu.unit_id AND cu.campaign_id = $1`,
    [campaignId, codes, codes.length],
  );
}
