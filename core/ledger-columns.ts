import { FIELDS, headerOf, type FieldKey } from './fields/registry.ts';

/**
 * The ledger's columns as a bureau's spreadsheet heads them, in order (from the field registry): what the Excel
 * export writes and, with the registry's aliases, what the Excel import reads.
 */
export const LEDGER_COLUMNS: ReadonlyArray<{ key: FieldKey; header: string; width: number }> = FIELDS.map((f) => ({
  key: f.key, header: headerOf(f), width: f.xlsxWidth,
}));
