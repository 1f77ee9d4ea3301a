/**
 * What the ledger table shows, computed from its rows with no I/O: filtered by any column, sorted, grouped by unit
 * with counts and mu totals per group and overall. The web table and the spreadsheet export read the same result.
 */
import { columnByKey, cellValue, type LedgerColumnKey, type LedgerRow } from './row.ts';

/** One column's filter: text contained, a set of values (category, status, unit, check), or a range of numbers. */
export type ColumnFilter =
  | { kind: 'text'; text: string }
  | { kind: 'values'; values: readonly string[] }
  | { kind: 'range'; min: number | null; max: number | null };

export type LedgerFilters = Partial<Record<LedgerColumnKey, ColumnFilter>>;

export interface LedgerSort {
  key: LedgerColumnKey;
  direction: 'asc' | 'desc';
}

export interface Totals {
  count: number;
  /** Σ ledger mu. */
  ledgerMu: number;
  /** Σ disposed mu. */
  disposedMu: number;
}

export interface LedgerGroup extends Totals {
  unitName: string;
  rows: LedgerRow[];
}

export interface LedgerView {
  groups: LedgerGroup[];
  total: Totals;
}

/** The group of parcels stored in no unit. */
export const NO_UNIT = '未归属单位';

/** The value a `values` filter matches against: the code for category and status, the name for the unit. */
export function filterKey(row: LedgerRow, key: LedgerColumnKey): string {
  if (key === 'unitName') return row.unitName ?? NO_UNIT;
  if (key === 'areaOk') return row.areaOk === null ? 'none' : row.areaOk ? 'ok' : 'mismatch';
  return String(row[key] ?? '');
}

/** The values a row offers a `values` filter: for the unit, every unit its boundary lies in (as the map filters). */
function filterKeys(row: LedgerRow, key: LedgerColumnKey): readonly string[] {
  return key === 'unitName' && row.inUnits.length ? row.inUnits : [filterKey(row, key)];
}

function matches(row: LedgerRow, key: LedgerColumnKey, filter: ColumnFilter): boolean {
  switch (filter.kind) {
    case 'text': {
      const wanted = filter.text.trim().toLowerCase();
      if (!wanted) return true;
      const shown = cellValue(row, key);
      return shown !== null && String(shown).toLowerCase().includes(wanted);
    }
    case 'values':
      return filter.values.length === 0 || filterKeys(row, key).some((v) => filter.values.includes(v));
    case 'range': {
      const value = row[key];
      if (filter.min === null && filter.max === null) return true;
      if (typeof value !== 'number') return false;
      return (filter.min === null || value >= filter.min) && (filter.max === null || value <= filter.max);
    }
  }
}

export function filterRows(rows: readonly LedgerRow[], filters: LedgerFilters): LedgerRow[] {
  const active = Object.entries(filters).filter((e): e is [LedgerColumnKey, ColumnFilter] => e[1] !== undefined);
  if (!active.length) return [...rows];
  return rows.filter((row) => active.every(([key, filter]) => matches(row, key, filter)));
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Compares two rows by a column; empty values sort last in either direction, ties fall back to the parcel code. */
export function compareRows(a: LedgerRow, b: LedgerRow, sort: LedgerSort): number {
  const kind = columnByKey(sort.key).kind;
  const x = kind === 'number' ? a[sort.key] : cellValue(a, sort.key);
  const y = kind === 'number' ? b[sort.key] : cellValue(b, sort.key);
  const emptyX = x === null || x === undefined || x === '';
  const emptyY = y === null || y === undefined || y === '';
  if (emptyX || emptyY) return emptyX === emptyY ? collator.compare(a.code, b.code) : emptyX ? 1 : -1;
  const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  if (order !== 0) return sort.direction === 'asc' ? order : -order;
  return collator.compare(a.code, b.code);
}

export function sortRows(rows: readonly LedgerRow[], sort: LedgerSort | null): LedgerRow[] {
  const copy = [...rows];
  return sort ? copy.sort((a, b) => compareRows(a, b, sort)) : copy.sort((a, b) => collator.compare(a.code, b.code));
}

export function totalsOf(rows: readonly LedgerRow[]): Totals {
  let ledgerMu = 0;
  let disposedMu = 0;
  for (const r of rows) {
    ledgerMu += r.ledgerMu;
    disposedMu += r.disposedMu;
  }
  return { count: rows.length, ledgerMu, disposedMu };
}

/**
 * Consecutive rows of the same unit as groups, keeping the order given. The export receives the rows in the order
 * shown and regroups them with this, so its groups are the table's.
 */
export function runsByUnit(rows: readonly LedgerRow[]): LedgerGroup[] {
  const groups: LedgerGroup[] = [];
  for (const row of rows) {
    const unitName = row.unitName ?? NO_UNIT;
    const last = groups[groups.length - 1];
    if (last && last.unitName === unitName) last.rows.push(row);
    else groups.push({ unitName, rows: [row], count: 0, ledgerMu: 0, disposedMu: 0 });
  }
  return groups.map((g) => ({ ...g, ...totalsOf(g.rows) }));
}

/**
 * The table: rows filtered and sorted, then grouped by unit in `unitOrder` (the campaign's order; units not in it
 * after, by name; parcels with no unit last), each group keeping the sorted order within it.
 */
export function ledgerView(rows: readonly LedgerRow[], options: { filters: LedgerFilters; sort: LedgerSort | null; unitOrder: readonly string[] }): LedgerView {
  const shown = sortRows(filterRows(rows, options.filters), options.sort);
  const rank = (name: string) => {
    const i = options.unitOrder.indexOf(name);
    return name === NO_UNIT ? Number.MAX_SAFE_INTEGER : i === -1 ? options.unitOrder.length : i;
  };
  // A stable sort by unit keeps the chosen order within each unit.
  const byUnit = [...shown].sort((a, b) => {
    const ua = a.unitName ?? NO_UNIT;
    const ub = b.unitName ?? NO_UNIT;
    return rank(ua) - rank(ub) || (ua === ub ? 0 : collator.compare(ua, ub));
  });
  return { groups: runsByUnit(byUnit), total: totalsOf(shown) };
}
