import { CATEGORY_LABELS, type Category } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import type { LifeEvent } from './events.ts';
import { standingOn, type Standing } from './standing.ts';

/**
 * Which parcels of the standing ledger a campaign counts: those in one of its categories on its base date (e.g.
 * 截至2021年3月底), not yet disposed or struck off then, optionally only from some source lists (省厅基数清单,
 * 全域督察, 内网新增…) and approval years (e.g. 2009–2020) — plus explicit inclusions and exclusions, each with a
 * reason and who made it, which win over the rules.
 */
export interface CampaignScope {
  baseDate: IsoDate;
  categories: readonly Category[];
  /** Any of these lists; empty: every list. */
  sourceLists: readonly string[];
  /** Inclusive calendar years of the approval (批准); null: any year. */
  approvalYears: { from: number; to: number } | null;
  decisions: ReadonlyArray<{ parcelId: number; include: boolean; reason: string; by: string }>;
}

export interface ScopeCandidate {
  parcelId: number;
  ledgerMu: number;
  sourceLists: readonly string[];
  events: readonly LifeEvent[];
}

export interface ScopeVerdict {
  inScope: boolean;
  /** Why, in words for the person reviewing the campaign's scope. */
  reason: string;
  /** The parcel as it stood on the base date. */
  standing: Standing;
}

/** Whether one parcel counts in a campaign, and why. */
export function scopeVerdict(parcel: ScopeCandidate, scope: CampaignScope): ScopeVerdict {
  const standing = standingOn(parcel.events, scope.baseDate, parcel.ledgerMu);
  const decision = scope.decisions.find((d) => d.parcelId === parcel.parcelId);
  if (decision) return { inScope: decision.include, reason: `${decision.include ? '人工纳入' : '人工排除'}（${decision.by}）：${decision.reason}`, standing };
  const verdict = (inScope: boolean, reason: string): ScopeVerdict => ({ inScope, reason, standing });
  if (standing.phase !== 'unused' || !standing.category) return verdict(false, `${scope.baseDate} 时不在批而未用台账类别中`);
  if (!scope.categories.includes(standing.category)) return verdict(false, `${scope.baseDate} 时为${CATEGORY_LABELS[standing.category]}，不在本次行动范围`);
  if (standing.status === 'disposed' || standing.status === 'struck_off') return verdict(false, `${scope.baseDate} 前已${standing.status === 'disposed' ? '处置完毕' : '销号'}`);
  if (scope.sourceLists.length && !parcel.sourceLists.some((l) => scope.sourceLists.includes(l))) {
    return verdict(false, `来源清单（${parcel.sourceLists.join('、') || '无'}）不在本次行动范围（${scope.sourceLists.join('、')}）`);
  }
  if (scope.approvalYears) {
    const year = standing.approvalDate ? Number(standing.approvalDate.slice(0, 4)) : null;
    const { from, to } = scope.approvalYears;
    if (year === null) return verdict(false, `缺少批准日期，无法判断是否属于 ${from}—${to} 年批准`);
    if (year < from || year > to) return verdict(false, `${year} 年批准，不在 ${from}—${to} 年范围`);
  }
  return verdict(true, `${scope.baseDate} 时为${CATEGORY_LABELS[standing.category]}，剩余 ${round2(parcel.ledgerMu - standing.disposedMu)} 亩未处置`);
}

const round2 = (x: number) => Math.round(x * 100) / 100;
