import { taskTypeOf, type Category, type TaskType } from '../../core/categories.ts';
import { ledgerAgainstBase, reconcileTables, type Annex3Row, type Difference, type LedgerBaseRow } from '../../core/reconcile.ts';
import { campaignTaskBases, campaignTasks, campaignUnitList, type CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/** The campaign's stored task tables, reconciled (see core/reconcile.ts). */
export async function campaignReconciliation(db: Queryable, campaign: CampaignSummary): Promise<Difference[]> {
  const [bases, tasks, units] = await Promise.all([
    campaignTaskBases(db, campaign.id),
    campaignTasks(db, campaign.id),
    campaignUnitList(db, campaign.id),
  ]);
  const name = new Map(units.map((u) => [u.id, u.name]));
  const label = (r: { unitId: number | null; rowLabel: string | null }) => (r.unitId != null ? name.get(r.unitId)! : r.rowLabel ?? '');
  const annex3 = new Map<string, Annex3Row>();
  for (const b of bases.filter((x) => x.document === '附件3')) {
    const row = annex3.get(label(b)) ?? { label: label(b), isUnit: b.unitId != null, cells: [] };
    row.cells.push({ list: b.baseList, taskType: b.taskType, count: b.parcelCount, areaMu: b.areaMu, rate: b.rate, taskMu: b.taskMu });
    annex3.set(label(b), row);
  }
  const annex4 = new Map<string, { label: string; isUnit: boolean; tasks: Partial<Record<TaskType, number | null>> }>();
  for (const t of tasks) {
    const row = annex4.get(label(t)) ?? { label: label(t), isUnit: t.unitId != null, tasks: {} };
    row.tasks[t.taskType] = t.taskMu;
    annex4.set(label(t), row);
  }
  return reconcileTables({
    annex2: bases.filter((x) => x.document === '附件2').map((b) => ({ label: label(b), isUnit: b.unitId != null, approvedMu: b.approvedMu, suppliedMu: b.suppliedMu, unsuppliedMu: b.unsuppliedMu, rate: b.rate, taskMu: b.taskMu })),
    annex3: [...annex3.values()],
    annex4: [...annex4.values()],
    subtotals: campaign.subtotals,
  });
}

/** Each unit's ledger (Σ mu of its parcels, by task type) against the task base its tasks were set on. */
export async function ledgerBaseReconciliation(db: Queryable, campaign: CampaignSummary): Promise<Difference[]> {
  const [bases, units, sums] = await Promise.all([
    campaignTaskBases(db, campaign.id),
    campaignUnitList(db, campaign.id),
    db.query<{ unitId: number; category: Category; mu: number; count: number }>(
      `SELECT unit_id AS "unitId", category, sum(ledger_mu)::float8 AS mu, count(*)::int AS count
       FROM parcels p WHERE ${inCampaign('p', '$1')} AND deleted_at IS NULL AND unit_id IS NOT NULL GROUP BY 1, 2`,
      [campaign.id],
    ),
  ]);
  const key = (unitId: number, taskType: TaskType) => `${unitId}/${taskType}`;
  const base = new Map<string, number>();
  for (const b of bases) {
    if (b.unitId == null) continue;
    // 附件2 sets the 批而未供 task on the unsupplied area; 附件3 sets 闲置 and 低效 on the listed area.
    const mu = b.document === '附件2' ? b.unsuppliedMu : b.areaMu;
    if (mu != null) base.set(key(b.unitId, b.taskType), (base.get(key(b.unitId, b.taskType)) ?? 0) + mu);
  }
  const ledger = new Map<string, { mu: number; count: number }>();
  for (const r of sums) {
    const k = key(r.unitId, taskTypeOf(r.category));
    const seen = ledger.get(k) ?? { mu: 0, count: 0 };
    ledger.set(k, { mu: seen.mu + r.mu, count: seen.count + r.count });
  }
  const rows: LedgerBaseRow[] = units.flatMap((u) =>
    campaign.taskTypes.map((t) => ({ unit: u.name, taskType: t, baseMu: base.get(key(u.id, t)) ?? null, ledgerMu: ledger.get(key(u.id, t))?.mu ?? 0, parcelCount: ledger.get(key(u.id, t))?.count ?? 0 })),
  );
  return ledgerAgainstBase(rows, campaign.tolerance.absoluteMu);
}
