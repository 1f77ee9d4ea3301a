import { isOneOf, TASK_TYPES } from '../../core/categories.ts';
import { parseIsoDate } from '../../core/dates.ts';
import type { NextYearEdits, NextYearOptions } from '../campaigns/next-year.ts';
import { isRecord } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';

/** The most mu a task may be: more than any county's land (a typo's extra zeros are refused, not stored). */
const MAX_TASK_MU = 10_000_000;

/**
 * The body of 新建年度行动 (preview and create), parsed once: `baseDate` (YYYY-MM-DD), `assignedRate` (0–1, default
 * 0.6), and for the create step the person's edits — `milestones` (checked later with the campaign's own rule) and
 * `tasks` [{unitId, taskType, taskMu}] as the province assigned them. A 400 naming the field otherwise.
 */
export function parseNextYearBody(body: unknown): { options: NextYearOptions; edits: NextYearEdits } {
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  const baseDate = typeof body.baseDate === 'string' ? parseIsoDate(body.baseDate) : null;
  if (!baseDate) throw badParameter('baseDate', '请填写新年度的台账基准日（YYYY-MM-DD）');
  const rate = body.assignedRate ?? 0.6;
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) throw badParameter('assignedRate', '下达任务率应为 0 到 1 之间的数（如 0.6）');
  const edits: NextYearEdits = {};
  if (body.milestones !== undefined) edits.milestones = body.milestones;
  if (body.tasks !== undefined) {
    if (!Array.isArray(body.tasks) || body.tasks.length > 1000) throw badParameter('tasks', '应为不超过 1000 项的数组：[{unitId, taskType, taskMu}]');
    edits.tasks = body.tasks.map((t, i) => {
      const where = `第 ${i + 1} 项`;
      if (!isRecord(t)) throw badParameter('tasks', `${where}应为对象 {unitId, taskType, taskMu}`);
      if (typeof t.unitId !== 'number' || !Number.isInteger(t.unitId) || t.unitId < 1) throw badParameter('tasks', `${where}的单位编号（unitId）应为正整数`);
      if (!isOneOf(TASK_TYPES, t.taskType)) throw badParameter('tasks', `${where}的任务类型（taskType）应为 ${TASK_TYPES.join('、')} 之一`);
      if (typeof t.taskMu !== 'number' || !Number.isFinite(t.taskMu) || t.taskMu < 0 || t.taskMu > MAX_TASK_MU) {
        throw badParameter('tasks', `${where}的任务（taskMu）应为 0 到 ${MAX_TASK_MU.toLocaleString('zh-CN')} 亩之间的数`);
      }
      return { unitId: t.unitId, taskType: t.taskType, taskMu: t.taskMu };
    });
  }
  return { options: { baseDate, assignedRate: rate }, edits };
}
