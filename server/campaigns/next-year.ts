import { CATEGORIES, type Category, type TaskType } from '../../core/categories.ts';
import { parseCampaignDefinition, type CampaignDefinition } from '../../core/campaign-setup/definition.ts';
import { nextYearDefinition } from '../../core/campaign-setup/next-year.ts';
import type { IsoDate } from '../../core/dates.ts';
import { roundTo } from '../../core/measure.ts';
import { scopeVerdict, type CampaignScope } from '../../core/parcel-life/scope.ts';
import { taskTypeOn } from '../../core/parcel-life/standing.ts';
import { insertCampaign } from '../campaign-setup/write.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { livesInLedger } from '../parcel-life/queries.ts';
import { campaignUnitList, getCampaign, unitTasks, type CampaignSummary } from './queries.ts';

export interface NextYearOptions {
  /** The new campaign's base date: the ledger is read as it stood that day (e.g. 截至2021年12月31日). */
  baseDate: IsoDate;
  /** Share of each unit's remaining mu proposed as its task (下达任务率), until the province's figures are entered. */
  assignedRate: number;
  isDemo?: boolean;
}

/** What the person changed in the proposal before creating it: the milestones, and the tasks the province assigned. */
export interface NextYearEdits {
  /** As the client sent them: checked by the same rule as any campaign's (parseCampaignDefinition). */
  milestones?: unknown;
  /** Per unit and task type, the task the province assigned (mu); units and types left out keep the proposed task. */
  tasks?: Array<{ unitId: number; taskType: TaskType; taskMu: number }>;
}

export interface TaskBase {
  unitId: number;
  taskType: TaskType;
  parcels: number;
  /** Mu left on the base date, by boundary share: the task base computed from the ledger. */
  remainingMu: number;
  /** Of which from parcels already in the previous campaign's scope. */
  carriedMu: number;
  /** The task proposed: remaining × assigned rate, whole mu. */
  taskMu: number;
}

/** Parcels and their remaining mu on the base date. */
export interface ScopeCount {
  parcels: number;
  mu: number;
}

export interface NextYearProposal {
  previous: { id: number; name: string };
  baseDate: IsoDate;
  assignedRate: number;
  definition: CampaignDefinition;
  units: Array<{ id: number; code: string; name: string }>;
  scope: {
    /** In the previous campaign's scope and still undisposed in it on the base date. */
    carriedOver: ScopeCount;
    /** Not in the previous campaign's scope but qualifying now (e.g. approvals that turned old enough, new idle land). */
    newlyQualifying: ScopeCount;
    /** In the previous campaign's scope but no longer: disposed, struck off, withdrawn, out of its categories. */
    leaving: { parcels: number };
  };
  taskBases: TaskBase[];
  /** The previous campaign's tasks, for comparison. */
  previousTasks: Array<{ unitId: number; taskType: TaskType; taskMu: number | null }>;
  /** A campaign already holding the proposed key (the year was created already): creating would be refused. */
  existing: { id: number; name: string } | null;
}

export interface NextYearResult {
  campaignId: number;
  inScope: number;
  outOfScope: number;
  taskBases: TaskBase[];
}

const definitionOf = (c: CampaignSummary): CampaignDefinition => ({
  key: c.key, name: c.name, document: c.document, level: { code: c.levelUnit.code, name: c.levelUnit.name, kind: c.levelUnit.kind === 'county' ? 'county' : 'city' },
  startDate: c.startDate, endDate: c.endDate, milestones: c.milestones, tolerance: c.tolerance, taskTypes: c.taskTypes,
  phases: c.phases as CampaignDefinition['phases'], subtotals: c.subtotals,
});

type Verdict = { id: number; ledgerMu: number; carried: boolean; verdict: ReturnType<typeof scopeVerdict> };

/**
 * 新建年度行动, read only: next year's campaign as it would be created from this one — the same units and rules,
 * dates a year on (core/campaign-setup/next-year.ts); its scope the parcels of the bureau's ledger still undisposed in
 * the campaign's categories on the new base date, plus those that newly qualify (core/parcel-life/scope.ts), counted
 * as carried over or new; and per unit and task type the mu remaining then (by boundary share, as progress counts)
 * as the task base, with a proposed task.
 */
export async function proposeNextYear(db: Queryable, previousId: number, options: NextYearOptions): Promise<NextYearProposal> {
  return (await planNextYear(db, previousId, options)).proposal;
}

/** The proposal, with the per-parcel verdicts and the scope rules the create step writes. */
async function planNextYear(db: Queryable, previousId: number, options: NextYearOptions): Promise<{ proposal: NextYearProposal; verdicts: Verdict[]; scope: CampaignScope }> {
  const previous = await getCampaign(db, previousId);
  if (!previous) throw new ApiError(404, 'not_found', `专项行动 ${previousId} 不存在`);
  if (options.baseDate < previous.startDate) throw new ApiError(400, 'bad_request', `基准日（baseDate）不能早于上一年度行动的开始日期 ${previous.startDate}`);
  const [rules] = await db.query<{ categories: Category[]; sourceLists: string[]; from: number | null; to: number | null }>(
    `SELECT categories, source_lists AS "sourceLists", approval_year_from AS from, approval_year_to AS to FROM campaign_scopes WHERE campaign_id = $1`, [previousId]);
  const scope: CampaignScope = {
    baseDate: options.baseDate, categories: rules?.categories ?? CATEGORIES, sourceLists: rules?.sourceLists ?? [],
    approvalYears: rules?.from != null && rules.to != null ? { from: rules.from, to: rules.to } : null, decisions: [],
  };
  const [parcels, units, previousTasks] = await Promise.all([
    db.query<{ id: number; carried: boolean }>(
      `SELECT p.id, EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.campaign_id = $2 AND cp.parcel_id = p.id) AS carried
       FROM parcels p WHERE p.ledger_unit_id = $1 AND p.deleted_at IS NULL ORDER BY p.id`, [previous.levelUnit.id, previousId]),
    campaignUnitList(db, previousId),
    unitTasks(db, previousId),
  ]);
  const definition = nextYearDefinition(definitionOf(previous));
  const [existing] = await db.query<{ id: number; name: string }>('SELECT id, name FROM campaigns WHERE key = $1', [definition.key]);
  // The same parcels as `parcels` (the ledger's live ones), read by the ledger: no list of 10k ids to match.
  const lives = await livesInLedger(db, previous.levelUnit.id);
  const verdicts: Verdict[] = parcels.map(({ id, carried }) => {
    const life = lives.get(id)!;
    return { id, carried, ledgerMu: life.ledgerMu, verdict: scopeVerdict({ parcelId: id, ledgerMu: life.ledgerMu, sourceLists: life.sourceLists, events: life.events }, scope) };
  });
  const chosen = verdicts.filter((v) => v.verdict.inScope);
  const remaining = (v: Verdict) => v.ledgerMu - v.verdict.standing.disposedMu;
  const count = (vs: Verdict[]): ScopeCount => ({ parcels: vs.length, mu: roundTo(vs.reduce((s, v) => s + remaining(v), 0)) });

  // The mu each unit has left on the base date, by boundary share.
  const shares = await db.query<{ parcelId: number; unitId: number; share: number }>(
    `SELECT s.parcel_id AS "parcelId", s.unit_id AS "unitId", s.share FROM parcel_unit_shares s
     JOIN campaign_units cu ON cu.unit_id = s.unit_id AND cu.campaign_id = $1 WHERE s.parcel_id = ANY($2::int[])`,
    [previousId, chosen.map((v) => v.id)]);
  const byParcel = new Map(chosen.map((v) => [v.id, v]));
  const sums = new Map<string, Omit<TaskBase, 'taskMu'>>();
  for (const s of shares) {
    const v = byParcel.get(s.parcelId)!;
    const taskType = taskTypeOn(v.verdict.standing);
    if (!taskType || !previous.taskTypes.includes(taskType)) continue;
    const key = `${s.unitId}/${taskType}`;
    const sum = sums.get(key) ?? { unitId: s.unitId, taskType, parcels: 0, remainingMu: 0, carriedMu: 0 };
    sum.parcels += 1;
    sum.remainingMu += remaining(v) * s.share;
    if (v.carried) sum.carriedMu += remaining(v) * s.share;
    sums.set(key, sum);
  }
  const unitOrder = new Map(units.map((u, i) => [u.id, i]));
  const taskBases = [...sums.values()]
    .sort((a, b) => unitOrder.get(a.unitId)! - unitOrder.get(b.unitId)! || previous.taskTypes.indexOf(a.taskType) - previous.taskTypes.indexOf(b.taskType))
    .map((s) => ({ ...s, remainingMu: roundTo(s.remainingMu), carriedMu: roundTo(s.carriedMu), taskMu: Math.round(s.remainingMu * options.assignedRate) }));
  const proposal: NextYearProposal = {
    previous: { id: previous.id, name: previous.name },
    baseDate: options.baseDate,
    assignedRate: options.assignedRate,
    definition,
    units: units.map((u) => ({ id: u.id, code: u.code, name: u.name })),
    scope: {
      carriedOver: count(chosen.filter((v) => v.carried)),
      newlyQualifying: count(chosen.filter((v) => !v.carried)),
      leaving: { parcels: verdicts.filter((v) => v.carried && !v.verdict.inScope).length },
    },
    taskBases,
    previousTasks: previousTasks.map((t) => ({ unitId: t.unitId, taskType: t.taskType, taskMu: t.taskMu })),
    existing: existing ?? null,
  };
  return { proposal, verdicts, scope };
}

/**
 * 新建年度行动: creates the proposal (proposeNextYear) in the caller's transaction, with the person's edits: the
 * milestones checked as any campaign's are (400 with `problems` per field), the province's tasks for units of the
 * campaign and its task types (400 naming the unit otherwise).
 */
export async function createNextYearCampaign(tx: Queryable, previousId: number, options: NextYearOptions, edits: NextYearEdits = {}): Promise<NextYearResult> {
  const { proposal, verdicts, scope } = await planNextYear(tx, previousId, options);
  const parsed = parseCampaignDefinition({ ...proposal.definition, ...(edits.milestones !== undefined ? { milestones: edits.milestones } : {}) });
  if (!parsed.ok) throw new ApiError(400, 'invalid_definition', `新年度行动有误：${Object.values(parsed.problems).join('；')}`, { problems: parsed.problems });
  const unitIds = new Set(proposal.units.map((u) => u.id));
  const tasks = new Map(proposal.taskBases.map((t) => [`${t.unitId}/${t.taskType}`, { unitId: t.unitId, taskType: t.taskType, taskMu: t.taskMu }]));
  for (const [i, t] of (edits.tasks ?? []).entries()) {
    if (!unitIds.has(t.unitId)) throw new ApiError(400, 'bad_parameter', `参数 tasks 有误：第 ${i + 1} 项的单位 ${t.unitId} 不是本行动的单位`);
    if (!parsed.value.taskTypes.includes(t.taskType)) throw new ApiError(400, 'bad_parameter', `参数 tasks 有误：第 ${i + 1} 项的任务类型 ${t.taskType} 不在本行动的考核任务中`);
    tasks.set(`${t.unitId}/${t.taskType}`, t);
  }

  const campaignId = await insertCampaign(tx, parsed.value, options.isDemo ?? false);
  await tx.query(
    `UPDATE campaign_scopes SET base_date = $2, categories = $3, source_lists = $4, approval_year_from = $5, approval_year_to = $6, previous_campaign_id = $7
     WHERE campaign_id = $1`,
    [campaignId, options.baseDate, scope.categories, scope.sourceLists, scope.approvalYears?.from ?? null, scope.approvalYears?.to ?? null, previousId]);
  await tx.query('INSERT INTO campaign_units (campaign_id, unit_id, sort_order) SELECT $1, unit_id, sort_order FROM campaign_units WHERE campaign_id = $2', [campaignId, previousId]);
  const chosen = verdicts.filter((v) => v.verdict.inScope);
  await tx.query(
    'INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT $1, id, reason FROM unnest($2::int[], $3::text[]) AS x(id, reason)',
    [campaignId, chosen.map((v) => v.id), chosen.map((v) => v.verdict.reason)]);

  const taskBases = proposal.taskBases;
  const document = `新建年度行动：截至 ${options.baseDate} 台账结转测算`;
  await tx.query(
    `INSERT INTO task_bases (campaign_id, unit_id, document, base_list, task_type, parcel_count, area_mu, rate, task_mu, sort_order)
     SELECT $1, b.unit_id, $2, '台账结转', b.task_type, b.parcels, b.mu, $3, b.task, b.ord
     FROM unnest($4::int[], $5::text[], $6::int[], $7::float8[], $8::float8[]) WITH ORDINALITY AS b(unit_id, task_type, parcels, mu, task, ord)`,
    [campaignId, document, options.assignedRate, taskBases.map((t) => t.unitId), taskBases.map((t) => t.taskType), taskBases.map((t) => t.parcels),
      taskBases.map((t) => t.remainingMu), taskBases.map((t) => t.taskMu)]);
  const assigned = [...tasks.values()];
  await tx.query(
    `INSERT INTO tasks (campaign_id, unit_id, task_type, task_mu, document)
     SELECT $1, b.unit_id, b.task_type, b.task, $2 FROM unnest($3::int[], $4::text[], $5::float8[]) AS b(unit_id, task_type, task)`,
    [campaignId, edits.tasks?.length ? `${document}；省厅下达任务` : document, assigned.map((t) => t.unitId), assigned.map((t) => t.taskType), assigned.map((t) => t.taskMu)]);
  return { campaignId, inScope: chosen.length, outOfScope: verdicts.length - chosen.length, taskBases };
}
