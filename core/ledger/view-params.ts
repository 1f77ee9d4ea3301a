/**
 * The table's view (filters, sort, shown columns) as query parameters, so the export can rebuild exactly the view
 * on screen from the same rows with the same code: `columns=code,ledgerMu`, `sort=ledgerMu:desc`, `filters={json}`.
 */
import { isLedgerColumnKey, LEDGER_TABLE_COLUMNS, type LedgerColumnKey } from './row.ts';
import type { ColumnFilter, LedgerFilters, LedgerSort } from './view.ts';

export interface ViewParams {
  columns: LedgerColumnKey[];
  sort: LedgerSort | null;
  filters: LedgerFilters;
}

export function viewQuery(view: ViewParams): Record<string, string> {
  const active = Object.fromEntries(Object.entries(view.filters).filter(([, f]) => f !== undefined));
  return {
    columns: view.columns.join(','),
    ...(view.sort ? { sort: `${view.sort.key}:${view.sort.direction}` } : {}),
    ...(Object.keys(active).length ? { filters: JSON.stringify(active) } : {}),
  };
}

const isNumberOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));

function parseFilter(x: unknown): ColumnFilter | null {
  if (typeof x !== 'object' || x === null) return null;
  const f = x as Record<string, unknown>;
  if (f.kind === 'text' && typeof f.text === 'string' && f.text.length <= 200) return { kind: 'text', text: f.text };
  if (f.kind === 'values' && Array.isArray(f.values) && f.values.length <= 1000 && f.values.every((v) => typeof v === 'string')) {
    return { kind: 'values', values: f.values as string[] };
  }
  if (f.kind === 'range' && isNumberOrNull(f.min) && isNumberOrNull(f.max)) return { kind: 'range', min: f.min as number | null, max: f.max as number | null };
  return null;
}

/** Reads a view from query parameters; a bad one is named in Chinese. Without `columns`, every column. */
export function parseViewParams(q: Record<string, string | undefined>): { ok: true; value: ViewParams } | { ok: false; message: string } {
  const columnsText = q.columns ?? '';
  const columns = columnsText === '' ? LEDGER_TABLE_COLUMNS.map((c) => c.key) : columnsText.split(',');
  const unknown = columns.filter((c) => !isLedgerColumnKey(c));
  if (unknown.length) return { ok: false, message: `参数 columns 有误：不认识的列“${unknown.join('、')}”` };

  let sort: LedgerSort | null = null;
  if (q.sort) {
    const [key, direction] = q.sort.split(':');
    if (!isLedgerColumnKey(key) || (direction !== 'asc' && direction !== 'desc')) {
      return { ok: false, message: `参数 sort 有误：应为“列名:asc”或“列名:desc”，收到“${q.sort}”` };
    }
    sort = { key, direction };
  }

  const filters: LedgerFilters = {};
  if (q.filters) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.filters);
    } catch {
      return { ok: false, message: '参数 filters 有误：不是有效的 JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: '参数 filters 有误：应为按列名给出的筛选条件' };
    for (const [key, value] of Object.entries(parsed)) {
      const filter = parseFilter(value);
      if (!isLedgerColumnKey(key) || !filter) return { ok: false, message: `参数 filters 有误：列“${key}”的筛选条件无法识别` };
      filters[key] = filter;
    }
  }
  return { ok: true, value: { columns: columns as LedgerColumnKey[], sort, filters } };
}
