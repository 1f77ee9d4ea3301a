import { isOneOf, TASK_TYPES, type TaskType } from '../categories.ts';
import { addDays, parseIsoDate, type IsoDate } from '../dates.ts';
import { toleranceProblems, type Tolerance } from '../ledger-check.ts';
import type { Milestone } from '../progress.ts';

/** A campaign is run by a city over its counties and zones, or by a county over its towns. */
export const CAMPAIGN_LEVELS = ['city', 'county'] as const;
export type CampaignLevel = (typeof CAMPAIGN_LEVELS)[number];

/** Campaigns run for months; ten years is generous. */
export const MAX_CAMPAIGN_DAYS = 3660;

export interface Phase {
  name: string;
  startDate: IsoDate;
  endDate: IsoDate;
  targetPct?: number;
}

/** What an admin states when creating a campaign (units and tasks come after, from files). */
export interface CampaignDefinition {
  key: string | null;
  name: string;
  document: string | null;
  level: { code: string; name: string; kind: CampaignLevel };
  startDate: IsoDate;
  endDate: IsoDate;
  milestones: Milestone[];
  tolerance: Tolerance;
  taskTypes: TaskType[];
  phases: Phase[];
  /** Subtotal rows of the task tables (e.g. 中心城区合计) and the unit names they add up. */
  subtotals: Record<string, string[]>;
}

/** Field → the reason it is unusable, in words a land officer understands. */
export type FieldProblems = Record<string, string>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblems };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');

/**
 * Checks a campaign definition as sent by the admin's form, field by field, and returns either the typed definition
 * or every problem at once (so the form can mark each field), never just the first.
 */
export function parseCampaignDefinition(input: unknown): Parsed<CampaignDefinition> {
  const problems: FieldProblems = {};
  const body = isRecord(input) ? input : {};
  if (!isRecord(input)) problems.body = '请求内容须为一个对象';

  const name = text(body.name);
  if (!name) problems.name = '请填写专项行动名称';
  else if (name.length > 100) problems.name = '名称不能超过 100 个字符';

  const key = text(body.key) || null;
  if (key && !/^[a-z0-9][a-z0-9-]{1,59}$/.test(key)) problems.key = '标识只能由小写字母、数字和连字符组成（2–60 个字符）';

  const document = text(body.document) || null;
  if (document && document.length > 100) problems.document = '文号不能超过 100 个字符';

  const levelInput = isRecord(body.level) ? body.level : {};
  const levelKind = levelInput.kind;
  const levelCode = text(levelInput.code);
  const levelName = text(levelInput.name);
  if (!isOneOf(CAMPAIGN_LEVELS, levelKind)) problems['level.kind'] = '请选择层级：市级（下辖县区、功能区）或县级（下辖乡镇）';
  if (!levelName) problems['level.name'] = '请填写组织专项行动的行政区名称，如“驻马店市”';
  if (!/^[0-9A-Za-z-]{2,40}$/.test(levelCode)) problems['level.code'] = '行政区代码须为 2–40 位数字、字母或连字符，如“411700”';

  const startDate = parseIsoDate(text(body.startDate));
  const endDate = parseIsoDate(text(body.endDate));
  if (!startDate) problems.startDate = '请填写开始日期（YYYY-MM-DD）';
  if (!endDate) problems.endDate = '请填写结束日期（YYYY-MM-DD）';
  else if (startDate && endDate < startDate) problems.endDate = '结束日期不能早于开始日期';
  // Dates asked of a campaign are bounded by its span; an unbounded span would let one request cost unbounded work.
  else if (startDate && endDate > addDays(startDate, MAX_CAMPAIGN_DAYS)) problems.endDate = `专项行动不能超过 ${MAX_CAMPAIGN_DAYS / 366} 年`;

  const milestones = parseMilestones(body.milestones, startDate, endDate, problems);

  const toleranceInput = isRecord(body.tolerance) ? body.tolerance : {};
  const tolerance = { relative: toleranceInput.relative, absoluteMu: toleranceInput.absoluteMu } as Tolerance;
  const toleranceIssues = toleranceProblems(tolerance);
  if (toleranceIssues.length) problems.tolerance = toleranceIssues.join('；');

  const taskTypes = Array.isArray(body.taskTypes) ? body.taskTypes : [];
  if (!taskTypes.length) problems.taskTypes = '请至少选择一类考核任务';
  else if (!taskTypes.every((t) => isOneOf(TASK_TYPES, t))) problems.taskTypes = `不认识的任务类型，可选：${TASK_TYPES.join('、')}`;
  else if (new Set(taskTypes).size !== taskTypes.length) problems.taskTypes = '任务类型有重复';

  const phases = parsePhases(body.phases, problems);
  const subtotals = parseSubtotals(body.subtotals, problems);

  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      key,
      name,
      document,
      level: { code: levelCode, name: levelName, kind: levelKind as CampaignLevel },
      startDate: startDate!,
      endDate: endDate!,
      milestones,
      tolerance,
      // The order the document lists them in is the order reports show them in: keep TASK_TYPES' order.
      taskTypes: TASK_TYPES.filter((t) => taskTypes.includes(t)),
      phases,
      subtotals,
    },
  };
}

/** Milestones must rise: later dates, higher targets, within the campaign, the last at most 100%. */
function parseMilestones(input: unknown, start: IsoDate | null, end: IsoDate | null, problems: FieldProblems): Milestone[] {
  if (!Array.isArray(input) || input.length === 0) {
    problems.milestones = '请至少设置一个节点目标（日期 + 目标百分比）';
    return [];
  }
  const out: Milestone[] = [];
  input.forEach((m, i) => {
    const where = `第 ${i + 1} 个节点`;
    const entry = isRecord(m) ? m : {};
    const date = parseIsoDate(text(entry.date));
    const pct = entry.targetPct;
    if (!date) problems[`milestones.${i}.date`] = `${where}的日期须为 YYYY-MM-DD`;
    else if ((start && date < start) || (end && date > end)) problems[`milestones.${i}.date`] = `${where}的日期须在专项行动起止日期之内`;
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct <= 0 || pct > 100) problems[`milestones.${i}.targetPct`] = `${where}的目标须为大于 0、不超过 100 的百分比`;
    const label = text(entry.label);
    if (date && typeof pct === 'number') out.push(label ? { date, targetPct: pct, label } : { date, targetPct: pct });
  });
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.date <= out[i - 1]!.date) problems[`milestones.${i}.date`] = `第 ${i + 1} 个节点的日期须晚于第 ${i} 个`;
    else if (out[i]!.targetPct <= out[i - 1]!.targetPct) problems[`milestones.${i}.targetPct`] = `第 ${i + 1} 个节点的目标须高于第 ${i} 个（${out[i - 1]!.targetPct}%）`;
  }
  return out;
}

function parsePhases(input: unknown, problems: FieldProblems): Phase[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    problems.phases = '阶段须为列表';
    return [];
  }
  const out: Phase[] = [];
  input.forEach((p, i) => {
    const entry = isRecord(p) ? p : {};
    const name = text(entry.name);
    const startDate = parseIsoDate(text(entry.startDate));
    const endDate = parseIsoDate(text(entry.endDate));
    if (!name || !startDate || !endDate || endDate < startDate) {
      problems[`phases.${i}`] = `第 ${i + 1} 个阶段须有名称和有效的起止日期`;
      return;
    }
    const targetPct = typeof entry.targetPct === 'number' ? entry.targetPct : undefined;
    out.push(targetPct === undefined ? { name, startDate, endDate } : { name, startDate, endDate, targetPct });
  });
  return out;
}

function parseSubtotals(input: unknown, problems: FieldProblems): Record<string, string[]> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input) || !Object.values(input).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
    problems.subtotals = '小计行须写成“小计名称 → 单位名称列表”';
    return {};
  }
  return input as Record<string, string[]>;
}

/** The unit kind a boundary file's features default to: counties under a city, towns under a county. */
export function defaultUnitKind(level: CampaignLevel): 'county' | 'town' {
  return level === 'city' ? 'county' : 'town';
}
