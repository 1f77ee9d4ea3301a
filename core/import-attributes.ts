/** Ledger fields from a file's attributes: owned by the field registry (core/fields/import.ts); this name is kept for callers. */
export { ledgerFieldsFrom } from './fields/import.ts';
