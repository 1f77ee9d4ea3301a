/** Parsing a parcel's ledger fields: owned by the field registry (core/fields/parse.ts); this name is kept for callers. */
export { parseParcelFields, type FieldProblem, type Parsed } from './fields/parse.ts';
