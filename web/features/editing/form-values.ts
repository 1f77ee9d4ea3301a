/**
 * The ledger form's values: every field as the text in its input, so a half-typed number is kept as typed. They are
 * turned into the API's record for `parseParcelFields`, the same validation the server applies.
 */
import type { ParcelFields } from '../../../core/parcel.ts';
import type { FieldProblem } from '../../../core/parcel-input.ts';

export type FormValues = Record<keyof ParcelFields, string>;

const NUMBER_FIELDS = new Set<keyof ParcelFields>(['ledgerMu', 'approvedMu', 'supplyPriceWan']);
/** How source lists are typed: one text, names separated by 、 , ; or new lines. */
const LIST_SEPARATOR = /[、,，;；\n]+/;

export const EMPTY_FORM: FormValues = {
  code: '', projectName: '', category: 'approved_not_expropriated', status: 'registered', ledgerMu: '',
  approvalBatch: '', approvalNumber: '', approvalDate: '', approvedMu: '', supervisionNumber: '', supplyMethod: '',
  supplyDate: '', supplyPriceWan: '', landUse: '', landUser: '', agreedStartDate: '', reasons: '', sourceLists: '',
  disposalMethod: '', responsiblePerson: '', remarks: '',
};

export function formFromFields(fields: ParcelFields): FormValues {
  const values = { ...EMPTY_FORM };
  for (const key of Object.keys(EMPTY_FORM) as (keyof ParcelFields)[]) {
    const v = fields[key];
    values[key] = Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v);
  }
  return values;
}

/** The record the API takes: numbers as numbers (an unreadable one stays text, so validation names it), lists as arrays. */
export function recordFromForm(values: FormValues): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(values) as [keyof ParcelFields, string][]) {
    const trimmed = text.trim();
    if (key === 'sourceLists') record[key] = trimmed ? trimmed.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean) : [];
    else if (NUMBER_FIELDS.has(key)) record[key] = trimmed === '' ? null : Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    else record[key] = trimmed === '' ? null : trimmed;
  }
  return record;
}

/** Problems by field, for showing each message under its input. */
export function problemsByField(problems: readonly FieldProblem[]): Partial<Record<string, string>> {
  const byField: Partial<Record<string, string>> = {};
  for (const p of problems) byField[p.field] = byField[p.field] ? `${byField[p.field]}；${p.message}` : p.message;
  return byField;
}
