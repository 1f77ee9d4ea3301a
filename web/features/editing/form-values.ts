/**
 * The ledger form's values: every field as the text in its input, so a half-typed number is kept as typed. They are
 * turned into the API's record for `parseParcelFields`, the same validation the server applies; how each field's
 * text is read comes from the field registry.
 */
import { FIELDS, type FieldKey } from '../../../core/fields/registry.ts';
import { formText, valueFromText } from '../../../core/fields/text.ts';
import type { FieldProblem } from '../../../core/parcel-input.ts';
import type { ParcelFields } from '../../../core/parcel.ts';

export type FormValues = Record<FieldKey, string>;

/** A new parcel's form: empty, but an enumeration starts at its first value (批而未征, 已登记). */
export const EMPTY_FORM = Object.fromEntries(FIELDS.map((f) => [f.key, f.type === 'enum' ? f.values[0] : ''])) as FormValues;

export function formFromFields(fields: ParcelFields): FormValues {
  return Object.fromEntries(FIELDS.map((f) => [f.key, formText(fields[f.key])])) as FormValues;
}

/** The record the API takes: numbers as numbers (an unreadable one stays text, so validation names it), lists as arrays. */
export function recordFromForm(values: FormValues): Record<string, unknown> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, valueFromText(f.key, values[f.key])]));
}

/** Problems by field, for showing each message under its input. */
export function problemsByField(problems: readonly FieldProblem[]): Partial<Record<string, string>> {
  const byField: Partial<Record<string, string>> = {};
  for (const p of problems) byField[p.field] = byField[p.field] ? `${byField[p.field]}；${p.message}` : p.message;
  return byField;
}
