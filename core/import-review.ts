/**
 * What an import would do to the ledger beyond each parcel's own fields — where it lies, what it overlaps — and which
 * of those the person must confirm before the commit writes it. Pure: the areas come measured (ellipsoidal, mu).
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { muText } from './warnings/types.ts';

/** Mu of the item in one unit of the campaign (ellipsoidal area of the intersection). */
export interface UnitShareMu {
  unitId: number;
  name: string;
  mu: number;
}

/** An overlap of an import item with a live parcel of the ledger, or with another item of the same file. */
export interface ImportOverlap {
  with: 'parcel' | 'item';
  /** The ledger parcel (with: 'parcel'). */
  parcelId: number | null;
  /** The other item's index in the file (with: 'item'). */
  index: number | null;
  code: string;
  /** Ellipsoidal area of the intersection, mu. */
  mu: number;
  /** The intersection as a share of this item's area and of the other's, in percent. */
  pctOfItem: number;
  pctOfOther: number;
  /** The two boundaries are the same parcel drawn twice: symmetric difference under NEAR_IDENTICAL_RATIO of the item. */
  nearIdentical: boolean;
  /** The overlapping part (lon/lat), to draw on the map. */
  geometry: Polygon | MultiPolygon;
}

/** Why the import offers to update a ledger parcel rather than create a new one. */
export type MatchBy = 'code' | 'supervisionNumber' | 'boundary';
export const MATCH_LABELS: Record<MatchBy, string> = { code: '地块编号相同', supervisionNumber: '电子监管号相同', boundary: '边界几乎重合' };

/** Symmetric difference (A + B − 2·overlap) below this share of the item's area: the same parcel, drawn twice. */
export const NEAR_IDENTICAL_RATIO = 0.01;

/** The campaign setting's default (migration 014): overlaps above it must be confirmed, and are 重复上图 in 预警. */
export const DEFAULT_OVERLAP_THRESHOLD_MU = 0.1;

/** Outside mu below this is the sliver between neighbouring unit boundaries, not a parcel reaching outside. */
export const OUTSIDE_SLIVER_MU = 0.01;

export function isNearIdentical(itemM2: number, otherM2: number, overlapM2: number): boolean {
  return itemM2 > 0 && itemM2 + otherM2 - 2 * overlapM2 < NEAR_IDENTICAL_RATIO * itemM2;
}

export const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

/** The confirmations a person gives with a commit: indexes of the items whose outside position / overlaps they accept. */
export interface ImportConfirmations {
  outside: ReadonlySet<number>;
  overlaps: ReadonlySet<number>;
}

/** What the commit check needs of a previewed item. */
export interface ReviewedItem {
  index: number;
  source: string;
  code: string | null;
  /** Whether the item lies wholly outside every unit of the campaign. */
  whollyOutside: boolean;
  overlaps: readonly ImportOverlap[];
  /** The ledger parcel the item will update (its overlap with it is the update, not a duplicate). */
  updates: number | null;
}

/**
 * The overlaps of a chosen item that need the person's confirmation: above the campaign's threshold, with a live parcel
 * it does not update, or with another item chosen in the same commit (an item left out overlaps nothing).
 */
export function overlapsToConfirm(item: ReviewedItem, chosen: ReadonlySet<number>, thresholdMu: number): ImportOverlap[] {
  return item.overlaps.filter(
    (o) => o.mu > thresholdMu && (o.with === 'parcel' ? o.parcelId !== item.updates : o.index !== null && chosen.has(o.index)),
  );
}

/** Every reason, in words, that a commit of the chosen items must wait for a confirmation; empty when it may go ahead. */
export function unconfirmed(items: readonly ReviewedItem[], confirm: ImportConfirmations, thresholdMu: number): string[] {
  const chosen = new Set(items.map((i) => i.index));
  const reasons: string[] = [];
  for (const item of items) {
    const name = `${item.source}（${item.code ?? '无编号'}）`;
    if (item.whollyOutside && !confirm.outside.has(item.index)) reasons.push(`${name}不在本专项行动的任何单位内，须确认后才能导入`);
    const open = confirm.overlaps.has(item.index) ? [] : overlapsToConfirm(item, chosen, thresholdMu);
    if (open.length) {
      const list = open.map((o) => `${o.with === 'parcel' ? '台账地块' : '本文件地块'} ${o.code} ${muText(o.mu)} 亩`).join('、');
      reasons.push(`${name}与${list}重叠，超过 ${muText(thresholdMu)} 亩，须确认后才能导入`);
    }
  }
  return reasons;
}
