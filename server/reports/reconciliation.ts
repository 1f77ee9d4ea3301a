import type { TaskType } from '../../core/categories.ts';
import { reconcileTables, type Annex3Row, type Difference } from '../../core/reconcile.ts';
import { campaignTaskBases, campaignTasks, campaignUnitList, type CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';

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
