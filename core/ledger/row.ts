/**
 * A parcel as the ledger table (台账) shows it: the ledger fields, where it is stored, how much of it is disposed and
 * how its drawn area compares. Areas in mu (亩); the drawn area is the ellipsoidal one (CGCS2000).
 */
import { fieldOf, isFieldKey } from '../fields/registry.ts';
import { cellText } from '../fields/text.ts';
import { LEDGER_COLUMNS } from '../ledger-columns.ts';
import type { ParcelFields } from '../parcel.ts';

export interface LedgerRow extends ParcelFields {
  id: number;
  version: number;
  unitId: number | null;
  unitName: string | null;
  /**
   * The units the boundary lies in (partly), by name: what the map's and progress's unit filter mean, so a parcel
   * straddling two units is found under both. Empty without a boundary (then the stored unit counts).
   */
  inUnits: string[];
  /** Σ of the parcel's disposal records, mu. */
  disposedMu: number;
  /** Ellipsoidal area of the boundary, mu; null without a boundary. */
  ellipsoidalMu: number | null;
  /** The ledger check (ledger mu against the ellipsoidal area); null without a boundary. */
  areaOk: boolean | null;
}

export type LedgerColumnKey = keyof ParcelFields | 'unitName' | 'disposedMu' | 'ellipsoidalMu' | 'areaOk';

/** How a column's values compare and filter. */
export type ColumnKind = 'text' | 'number' | 'date' | 'category' | 'status' | 'unit' | 'check';

export interface LedgerColumn {
  key: LedgerColumnKey;
  /** The header as the bureau's spreadsheet has it, unit included (e.g. 台账面积（亩）). */
  header: string;
  kind: ColumnKind;
  /** Width in the spreadsheet, characters. */
  width: number;
}

/** A ledger field's column kind, from its type in the registry: the two enums compare by their own order. */
function kindOf(key: keyof ParcelFields): ColumnKind {
  const { type } = fieldOf(key);
  if (type === 'enum') return key === 'category' ? 'category' : 'status';
  return type === 'amount' ? 'number' : type === 'date' ? 'date' : 'text';
}

/**
 * Every column the table can show: the bureau's ledger columns (core/ledger-columns.ts) in their order, with the
 * disposed area, the drawn area, the area check and the unit after the ledger area.
 */
export const LEDGER_TABLE_COLUMNS: readonly LedgerColumn[] = (() => {
  const ledger = LEDGER_COLUMNS.map((c): LedgerColumn => ({ key: c.key, header: c.header, width: c.width, kind: kindOf(c.key) }));
  const at = ledger.findIndex((c) => c.key === 'ledgerMu') + 1;
  const derived: LedgerColumn[] = [
    { key: 'disposedMu', header: '已处置面积（亩）', kind: 'number', width: 14 },
    { key: 'ellipsoidalMu', header: '图形面积（亩，椭球）', kind: 'number', width: 16 },
    { key: 'areaOk', header: '面积核对', kind: 'check', width: 10 },
    { key: 'unitName', header: '所在单位', kind: 'unit', width: 10 },
  ];
  return [...ledger.slice(0, at), ...derived, ...ledger.slice(at)];
})();

export const columnByKey = (key: LedgerColumnKey): LedgerColumn => LEDGER_TABLE_COLUMNS.find((c) => c.key === key)!;

export function isLedgerColumnKey(x: unknown): x is LedgerColumnKey {
  return typeof x === 'string' && LEDGER_TABLE_COLUMNS.some((c) => c.key === x);
}

/** A cell as a person reads it (labels for codes, lists joined); numbers stay numbers for sums and spreadsheets. */
export function cellValue(row: LedgerRow, key: LedgerColumnKey): string | number | null {
  const value = row[key];
  if (isFieldKey(key)) return cellText(key, value);
  if (value === null || value === undefined) return null;
  if (key === 'areaOk') return value ? '相符' : '不符';
  return typeof value === 'number' ? value : String(value);
}
