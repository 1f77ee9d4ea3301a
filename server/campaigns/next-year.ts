import { CATEGORIES, type Category, type TaskType } from '../../core/categories.ts';
import type { CampaignDefinition } from '../../core/campaign-setup/definition.ts';
import { nextYearDefinition } from '../../core/campaign-setup/next-year.ts';
import type { IsoDate } from '../../core/dates.ts';
import { roundTo } from '../../core/measure.ts';
import { scopeVerdict, type CampaignScope } from '../../core/parcel-life/scope.ts';
import { taskTypeOn } from '../../core/parcel-life/standing.ts';
import { insertCampaign } from '../campaign-setup/write.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { livesOf } from '../parcel-life/queries.ts';
import { getCampaign, type CampaignSummary } from './queries.ts';

export interface NextYearOptions {
  /** The new campaign's base date: the ledger is read as it stood that day (e.g. 截至2021年12月31日). */
  baseDate: IsoDate;
  /** Share of each unit's remaining mu proposed as its task (下达任务率), until the province's figures are entered. */
  assignedRate: number;
  isDemo?: boolean;
}

export interface NextYearResult {
  campaignId: number;
  inScope: number;
  outOfScope: number;
  /** Per unit and task type, the remaining mu on the base date (the computed task base) and the proposed task. */
  taskBases: Array<{ unitId: number; taskType: TaskType; parcels: number; remainingMu: number; taskMu: number }>;
}

const definitionOf = (c: CampaignSummary): CampaignDefinition => ({
  key: c.key, name: c.name, document: c.document, level: { code: c.levelUnit.code, name: c.levelUnit.name, kind: c.levelUnit.kind === 'county' ? 'county' : 'city' },
  startDate: c.startDate, endDate: c.endDate, milestones: c.milestones, tolerance: c.tolerance, taskTypes: c.taskTypes,
  phases: c.phases as CampaignDefinition['phases'], subtotals: c.subtotals,
});

/**
 * 新建年度行动: next year's campaign from this one, in the caller's transaction — the same units and rules, dates a
 * year on (core/campaign-setup/next-year.ts); its scope the parcels of the bureau's ledger still undisposed in the
 * campaign's categories on the new base date, plus those that newly qualify (core/parcel-life/scope.ts); and per unit
 * and task type the mu remaining then (by boundary share, as progress counts) as the task base, with a proposed task.
 */
export async function createNextYearCampaign(tx: Queryable, previousId: number, options: NextYearOptions): Promise<NextYearResult> {
  const previous = await getCampaign(tx, previousId);
  if (!previous) throw new ApiError(404, 'not_found', `专项行动 ${previousId} 不存在`);
  if (options.baseDate < previous.startDate) throw new ApiError(400, 'bad_request', `基准日（baseDate）不能早于上一年度行动的开始日期 ${previous.startDate}`);
  const [rules] = await tx.query<{ categories: Category[]; sourceLists: string[]; from: number | null; to: number | null }>(
    `SELECT categories, source_lists AS "sourceLists", approval_year_from AS from, approval_year_to AS to FROM campaign_scopes WHERE campaign_id = $1`, [previousId]);
  const campaignId = await insertCampaign(tx, nextYearDefinition(definitionOf(previous)), options.isDemo ?? false);
  await tx.query(
    `UPDATE campaign_scopes SET base_date = $2, categories = $3, source_lists = $4, approval_year_from = $5, approval_year_to = $6, previous_campaign_id = $7
     WHERE campaign_id = $1`,
    [campaignId, options.baseDate, rules?.categories ?? CATEGORIES, rules?.sourceLists ?? [], rules?.from ?? null, rules?.to ?? null, previousId]);
  await tx.query('INSERT INTO campaign_units (campaign_id, unit_id, sort_order) SELECT $1, unit_id, sort_order FROM campaign_units WHERE campaign_id = $2', [campaignId, previousId]);

  const scope: CampaignScope = {
    baseDate: options.baseDate, categories: rules?.categories ?? CATEGORIES, sourceLists: rules?.sourceLists ?? [],
    approvalYears: rules?.from != null && rules.to != null ? { from: rules.from, to: rules.to } : null, decisions: [],
  };
  const ids = (await tx.query<{ id: number }>('SELECT id FROM parcels WHERE ledger_unit_id = $1 AND deleted_at IS NULL ORDER BY id', [previous.levelUnit.id])).map((r) => r.id);
  const lives = await livesOf(tx, ids);
  const verdicts = ids.map((id) => {
    const life = lives.get(id)!;
    return { id, life, verdict: scopeVerdict({ parcelId: id, ledgerMu: life.ledgerMu, sourceLists: life.sourceLists, events: life.events }, scope) };
  });
  const chosen = verdicts.filter((v) => v.verdict.inScope);
  await tx.query(
    'INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT $1, id, reason FROM unnest($2::int[], $3::text[]) AS x(id, reason)',
    [campaignId, chosen.map((v) => v.id), chosen.map((v) => v.verdict.reason)]);

  // The mu each unit has left on the base date, by boundary share.
  const shares = await tx.query<{ parcelId: number; unitId: number; share: number }>(
    `SELECT s.parcel_id AS "parcelId", s.unit_id AS "unitId", s.share FROM parcel_unit_shares s
     JOIN campaign_units cu ON cu.unit_id = s.unit_id AND cu.campaign_id = $1 WHERE s.parcel_id = ANY($2::int[])`,
    [campaignId, chosen.map((v) => v.id)]);
  const byParcel = new Map(chosen.map((v) => [v.id, v]));
  const sums = new Map<string, { unitId: number; taskType: TaskType; parcels: number; remainingMu: number }>();
  for (const s of shares) {
    const { life, verdict } = byParcel.get(s.parcelId)!;
    const taskType = taskTypeOn(verdict.standing);
    if (!taskType || !previous.taskTypes.includes(taskType)) continue;
    const key = `${s.unitId}/${taskType}`;
    const sum = sums.get(key) ?? { unitId: s.unitId, taskType, parcels: 0, remainingMu: 0 };
    sum.parcels += 1;
    sum.remainingMu += (life.ledgerMu - verdict.standing.disposedMu) * s.share;
    sums.set(key, sum);
  }
  const taskBases = [...sums.values()].map((s) => ({ ...s, remainingMu: roundTo(s.remainingMu), taskMu: Math.round(s.remainingMu * options.assignedRate) }));
  const document = `新建年度行动：截至 ${options.baseDate} 台账结转测算`;
  await tx.query(
    `INSERT INTO task_bases (campaign_id, unit_id, document, base_list, task_type, parcel_count, area_mu, rate, task_mu, sort_order)
     SELECT $1, b.unit_id, $2, '台账结转', b.task_type, b.parcels, b.mu, $3, b.task, b.ord
     FROM unnest($4::int[], $5::text[], $6::int[], $7::float8[], $8::float8[]) WITH ORDINALITY AS b(unit_id, task_type, parcels, mu, task, ord)`,
    [campaignId, document, options.assignedRate, taskBases.map((t) => t.unitId), taskBases.map((t) => t.taskType), taskBases.map((t) => t.parcels),
      taskBases.map((t) => t.remainingMu), taskBases.map((t) => t.taskMu)]);
  await tx.query(
    `INSERT INTO tasks (campaign_id, unit_id, task_type, task_mu, document)
     SELECT $1, b.unit_id, b.task_type, b.task, $2 FROM unnest($3::int[], $4::text[], $5::float8[]) AS b(unit_id, task_type, task)`,
    [campaignId, document, taskBases.map((t) => t.unitId), taskBases.map((t) => t.taskType), taskBases.map((t) => t.taskMu)]);
  return { campaignId, inScope: chosen.length, outOfScope: verdicts.length - chosen.length, taskBases };
}
