import { CATEGORY_LABELS, STATUS_LABELS } from '../categories.ts';
import { dayNumber, type IsoDate } from '../dates.ts';
import { checkLedgerArea, type Tolerance } from '../ledger-check.ts';
import { aboutParcel, isResolved, muText, type ParcelFacts, type Warning } from './types.ts';

/** Open parcels whose ledger names no disposal method: nobody has planned what to do with them yet. */
export function noDisposalPlanWarnings(parcels: readonly ParcelFacts[], date: IsoDate): Warning[] {
  return parcels
    .filter((p) => !isResolved(p) && !(p.disposalMethod ?? '').trim())
    .map((p) => ({
      id: `no_disposal_plan:${p.id}`,
      kind: 'no_disposal_plan' as const,
      // A parcel already being worked on without a recorded method is a gap in the ledger; one merely registered is
      // the normal start, but still needs a plan.
      severity: p.status === 'registered' ? ('medium' as const) : ('low' as const),
      ...aboutParcel(p),
      title: '未确定处置方式',
      detail: `${CATEGORY_LABELS[p.category]} ${muText(p.ledgerMu)} 亩，状态“${STATUS_LABELS[p.status]}”，台账未填写处置方式`,
      date,
      facts: { status: p.status, ledgerMu: p.ledgerMu },
    }));
}

/** Relative difference from which an area mismatch is serious: a tenth of the parcel is a wrong boundary or figure. */
export const SERIOUS_AREA_RATIO = 0.1;

/** Parcels whose drawn boundary (ellipsoidal area) disagrees with the ledger mu beyond the campaign's tolerance. */
export function areaMismatchWarnings(parcels: readonly ParcelFacts[], tolerance: Tolerance, date: IsoDate): Warning[] {
  const warnings: Warning[] = [];
  for (const p of parcels) {
    if (isResolved(p) || p.ellipsoidalMu == null) continue;
    const check = checkLedgerArea(p.ledgerMu, p.ellipsoidalMu, tolerance);
    if (check.ok) continue;
    const sign = check.diffMu > 0 ? '多' : '少';
    warnings.push({
      id: `area_mismatch:${p.id}`,
      kind: 'area_mismatch',
      severity: Math.abs(check.diffRatio ?? 1) >= SERIOUS_AREA_RATIO ? 'high' : 'medium',
      ...aboutParcel(p),
      title: `台账面积比图形${sign} ${muText(Math.abs(check.diffMu))} 亩`,
      detail: `台账 ${muText(p.ledgerMu)} 亩，图形椭球面积 ${muText(p.ellipsoidalMu)} 亩，相差 ${muText(Math.abs(check.diffMu))} 亩（${(Math.abs(check.diffRatio ?? 0) * 100).toFixed(1)}%），超出允许差 ${muText(check.toleranceMu)} 亩`,
      date,
      facts: { ledgerMu: p.ledgerMu, ellipsoidalMu: p.ellipsoidalMu, diffMu: check.diffMu, toleranceMu: check.toleranceMu },
    });
  }
  return warnings;
}

/**
 * Open parcels whose record (ledger, disposals, assessment) has not changed for more than `staleDays` days before the
 * date. A record changed after the date says nothing about that date and raises nothing.
 */
export function staleRecordWarnings(parcels: readonly ParcelFacts[], staleDays: number, date: IsoDate): Warning[] {
  const warnings: Warning[] = [];
  for (const p of parcels) {
    if (isResolved(p)) continue;
    const days = dayNumber(date) - dayNumber(p.lastUpdated);
    if (days <= staleDays) continue;
    warnings.push({
      id: `stale_record:${p.id}`,
      kind: 'stale_record',
      severity: days > 2 * staleDays ? 'medium' : 'low',
      ...aboutParcel(p),
      title: `${days} 天未更新`,
      detail: `台账最近更新于 ${p.lastUpdated}，至 ${date} 已 ${days} 天未更新（超过 ${staleDays} 天）`,
      date,
      facts: { lastUpdated: p.lastUpdated, days, staleDays },
    });
  }
  return warnings;
}
