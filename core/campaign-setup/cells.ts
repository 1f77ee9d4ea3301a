/** Cells of an uploaded sheet, as the server's workbook reader gives them: text, number, or empty. */
export type Cell = string | number | null;

/** One row of a sheet with its row number as Excel shows it (1-based), so errors can name it. */
export interface SheetRow {
  number: number;
  cells: Cell[];
}

export interface SheetProblem {
  /** Excel row number, or null for a problem of the whole sheet (a missing column). */
  row: number | null;
  column?: string;
  message: string;
}

export const cellText = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : String(cell).replace(/[\s\u3000]+/g, ''));

export const isEmptyRow = (row: SheetRow): boolean => row.cells.every((c) => cellText(c) === '');

export type NumberCell = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * A non-negative number from a cell: numbers as Excel stores them, or text such as "1,234.5" or "60%". Empty is null
 * (the document leaves a cell blank where there is nothing). Rates are shares (0.6); "60%" and 60 both mean 0.6.
 */
export function numberCell(cell: Cell | undefined, options: { rate?: boolean; integer?: boolean } = {}): NumberCell {
  const raw = cellText(cell ?? null);
  if (raw === '' || raw === '-' || raw === '—' || raw === '/') return { ok: true, value: null };
  let value: number;
  let percent = false;
  if (typeof cell === 'number') value = cell;
  else {
    percent = raw.endsWith('%') || raw.endsWith('％');
    const digits = raw.replace(/[,，]/g, '').replace(/[%％]$/, '');
    value = /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : NaN;
    if (Number.isNaN(value)) return { ok: false, message: `“${String(cell)}”不是数字` };
    if (percent) value /= 100;
  }
  if (!Number.isFinite(value)) return { ok: false, message: `“${String(cell)}”不是有限的数字` };
  if (value < 0) return { ok: false, message: `不能为负数（${value}）` };
  if (options.rate) {
    if (!percent && value > 1 && value <= 100) value /= 100;
    if (value > 1) return { ok: false, message: `任务率 ${String(cell)} 超过 100%` };
    // 60% read as text becomes 0.6000000000000001 after the division; the document means 0.6.
    value = Math.round(value * 1e6) / 1e6;
  }
  if (options.integer && !Number.isInteger(value)) return { ok: false, message: `宗数须为整数（${value}）` };
  return { ok: true, value };
}
