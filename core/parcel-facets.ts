import { CATEGORIES, STATUSES, type Category, type Status } from './categories.ts';

/** How many parcels there are of each category and status together (one row per pair present). */
export interface FacetCell {
  category: Category;
  status: Status;
  n: number;
}

export interface FacetCounts {
  /** Parcels of the campaign, and those passing every filter (the unit's when one is chosen). */
  total: number;
  shown: number;
  categories: Record<Category, number>;
  statuses: Record<Status, number>;
}

/**
 * The filter buttons' counts from the category × status table: each facet is counted with the other facet's filter
 * applied but not its own, so a button says how many parcels it would add, as in any faceted search. A null filter
 * is no filter. `campaignCells`: the whole campaign's table when `cells` are of one unit only ("共 N 宗" is the campaign's).
 */
export function facetCounts(
  cells: readonly FacetCell[],
  categories: readonly Category[] | null,
  statuses: readonly Status[] | null,
  campaignCells: readonly FacetCell[] = cells,
): FacetCounts {
  const inCategories = (c: Category) => !categories || categories.includes(c);
  const inStatuses = (s: Status) => !statuses || statuses.includes(s);
  const sum = (keep: (cell: FacetCell) => boolean) => cells.reduce((n, cell) => (keep(cell) ? n + cell.n : n), 0);
  return {
    total: campaignCells.reduce((n, cell) => n + cell.n, 0),
    shown: sum((x) => inCategories(x.category) && inStatuses(x.status)),
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, sum((x) => x.category === c && inStatuses(x.status))])) as Record<Category, number>,
    statuses: Object.fromEntries(STATUSES.map((s) => [s, sum((x) => x.status === s && inCategories(x.category))])) as Record<Status, number>,
  };
}
