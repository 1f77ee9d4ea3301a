/**
 * One filter state for the map and the ledger table: the map's filters (categories, statuses, one unit) are the
 * table's filters of the 类别, 状态 and 所在单位 columns. The table shows them from the map's state and writes its picks
 * back there, so the two never disagree; its other columns filter the table alone.
 */
import type { Category, Status } from '../categories.ts';
import type { ColumnFilter, LedgerFilters } from './view.ts';

export interface MapFilters {
  /** Empty: every category. */
  categories: Category[];
  /** Empty: every status. */
  statuses: Status[];
  unitId: number | null;
}

/** The table's columns the map's filters own. */
export const SHARED_COLUMNS = ['category', 'status', 'unitName'] as const;
export type SharedColumn = (typeof SHARED_COLUMNS)[number];

export const isSharedColumn = (key: string): key is SharedColumn => (SHARED_COLUMNS as readonly string[]).includes(key);

interface Unit {
  id: number;
  name: string;
}

const values = (list: readonly string[]): ColumnFilter | undefined => (list.length ? { kind: 'values', values: list } : undefined);

/** The map's filters as the table's column filters. */
export function ledgerFiltersOf(f: MapFilters, units: readonly Unit[]): Pick<LedgerFilters, SharedColumn> {
  const unit = f.unitId === null ? undefined : units.find((u) => u.id === f.unitId);
  return { category: values(f.categories), status: values(f.statuses), unitName: unit ? values([unit.name]) : undefined };
}

/**
 * The map's filters after a pick in one of the shared columns. The map filters by one unit: of several picked, the
 * one picked last (the table appends each pick) is kept, and the table then shows that one.
 */
export function withColumnFilter(f: MapFilters, column: SharedColumn, filter: ColumnFilter | undefined, units: readonly Unit[]): MapFilters {
  const picked = filter?.kind === 'values' ? filter.values : [];
  switch (column) {
    case 'category':
      return { ...f, categories: picked as Category[] };
    case 'status':
      return { ...f, statuses: picked as Status[] };
    case 'unitName': {
      const name = picked[picked.length - 1];
      return { ...f, unitId: units.find((u) => u.name === name)?.id ?? null };
    }
  }
}
