/**
 * Which of a file's attributes holds which ledger field: our own names, the labels and headers of the .xlsx export,
 * the Shapefile export's DBF names and the aliases bureaus' files use — all from the registry.
 */
import { FIELDS, headerOf, type LedgerFields } from './registry.ts';
import { fromFileValue } from './text.ts';
import type { FieldDef } from './types.ts';

/** Names compare without case, spaces, or the difference between full- and half-width brackets: 面积(亩) = 面积（亩）. */
export const normalName = (name: string): string => name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toUpperCase();

/** Every name a file may give the field, most specific first. */
export const importNames = (field: FieldDef): string[] => [...new Set([field.key, headerOf(field), field.label, field.dbf, ...field.aliases])];

const given = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/**
 * The ledger fields found in a file's attributes; category and status may be given by their Chinese labels, numbers
 * as text, lists joined by 、. Only the fields the file has are returned: the caller decides what to do about the rest.
 */
export function ledgerFieldsFrom(attributes: Readonly<Record<string, unknown>>): Partial<Record<keyof LedgerFields, unknown>> {
  const byName = new Map<string, unknown>();
  for (const [name, value] of Object.entries(attributes)) {
    const normal = normalName(name);
    if (given(value) && !byName.has(normal)) byName.set(normal, value);
  }
  const out: Partial<Record<keyof LedgerFields, unknown>> = {};
  for (const field of FIELDS) {
    const name = importNames(field).map(normalName).find((n) => byName.has(n));
    if (name !== undefined) out[field.key] = fromFileValue(field, byName.get(name));
  }
  return out;
}
