import type { IsoDate } from '../dates.ts';
import { aboutParcel, muText, type ParcelFacts, type Warning } from './types.ts';

/** Two live parcels of a campaign whose boundaries overlap: the ellipsoidal mu of the intersection and each one's area. */
export interface ParcelOverlapFacts {
  aId: number;
  bId: number;
  overlapMu: number;
  /** Ellipsoidal areas of the two boundaries, mu. */
  aMu: number;
  bMu: number;
}

/** Overlap from which a double mapping is serious: most of one parcel is drawn again as (part of) another. */
export const SERIOUS_SHARE = 0.5;

/**
 * 重复上图: live parcels whose boundaries overlap by more than the campaign's threshold — the same land registered
 * twice, counted twice in progress. One warning per pair, on the later parcel (the likely copy), naming the other.
 */
export function duplicateMappingWarnings(parcels: readonly ParcelFacts[], overlaps: readonly ParcelOverlapFacts[], thresholdMu: number, date: IsoDate): Warning[] {
  const byId = new Map(parcels.map((p) => [p.id, p]));
  const warnings: Warning[] = [];
  for (const o of overlaps) {
    if (o.overlapMu <= thresholdMu) continue;
    const [earlier, later] = o.aId < o.bId ? [{ id: o.aId, mu: o.aMu }, { id: o.bId, mu: o.bMu }] : [{ id: o.bId, mu: o.bMu }, { id: o.aId, mu: o.aMu }];
    const p = byId.get(later.id);
    const other = byId.get(earlier.id);
    if (!p || !other) continue;
    const pMu = later.mu;
    const otherMu = earlier.mu;
    const pctOfParcel = pMu > 0 ? (100 * o.overlapMu) / pMu : 0;
    const pctOfOther = otherMu > 0 ? (100 * o.overlapMu) / otherMu : 0;
    warnings.push({
      id: `duplicate_mapping:${Math.min(o.aId, o.bId)}-${Math.max(o.aId, o.bId)}`,
      kind: 'duplicate_mapping',
      severity: Math.max(pctOfParcel, pctOfOther) >= SERIOUS_SHARE * 100 ? 'high' : 'medium',
      ...aboutParcel(p),
      title: `与 ${other.code} 重叠 ${muText(o.overlapMu)} 亩`,
      detail: `${p.code} 与 ${other.code}（${other.projectName}）的边界重叠 ${muText(o.overlapMu)} 亩（椭球面积），占本地块 ${pctOfParcel.toFixed(1)}%，占 ${other.code} ${pctOfOther.toFixed(1)}%，超过允许的 ${muText(thresholdMu)} 亩：同一块地可能重复上图、重复计入进度`,
      date,
      facts: { otherParcelId: other.id, otherCode: other.code, overlapMu: o.overlapMu, pctOfParcel, pctOfOther, thresholdMu },
    });
  }
  return warnings;
}
