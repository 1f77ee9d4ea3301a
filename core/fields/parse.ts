/**
 * Parsing a parcel's ledger fields from untrusted input, driven by the registry: each field's type says how it is
 * read, its limits and rules what it must satisfy; every problem is said in Chinese, naming the field.
 */
import { isOneOf } from '../categories.ts';
import { parseIsoDate } from '../dates.ts';
import { FIELDS, type FieldKey, type LedgerFields } from './registry.ts';
import type { FieldDef } from './types.ts';

/** One reason a field's value cannot be saved. */
export interface FieldProblem {
  field: FieldKey | 'geometry' | 'version' | 'unitId';
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A field's value read, or why it cannot be (without the field's name, which the caller adds). */
type Read = { ok: true; value: unknown } | { ok: false; reason: string };
const ok = (value: unknown): Read => ({ ok: true, value });
const no = (reason: string): Read => ({ ok: false, reason });

const blank = (v: unknown) => v === undefined || v === null || v === '';
const limit = (n: number) => n.toLocaleString('en-US');

/** One field's value from `record` (the whole record, for rules across fields). Empty text counts as not given. */
export function parseField(field: FieldDef, record: Readonly<Record<string, unknown>>): Read {
  const v = record[field.key];
  if (field.type === 'list') {
    const list = v ?? [];
    if (!Array.isArray(list) || list.some((l) => typeof l !== 'string')) return no('应为名称的列表');
    const long = list.find((l: string) => l.length > field.itemMax);
    if (long !== undefined) return no(`每项不能超过 ${field.itemMax} 个字，“${long}”有 ${long.length} 个字`);
    return ok(list.map((l: string) => l.trim()).filter(Boolean));
  }
  if (blank(v) || (typeof v === 'string' && v.trim() === '')) return field.required ? no('必填') : ok(null);
  switch (field.type) {
    case 'amount': {
      const floor = field.positive ? '大于 0' : '不小于 0';
      const what = field.unit === '亩' ? '亩数' : `数字（${field.unit}）`;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (field.positive && v === 0) || v > field.max) {
        return no(`应为${floor} 的${what}，不超过 ${limit(field.max)}，收到“${String(v)}”`);
      }
      return ok(v);
    }
    case 'enum':
      if (!isOneOf(field.values, v)) return no(`应为 ${field.values.map((x) => field.valueLabels[x]).join('、')} 之一，收到“${String(v)}”`);
      return ok(v);
    case 'date': {
      if (typeof v !== 'string') return no('应为日期（YYYY-MM-DD）');
      const text = v.trim();
      if (!parseIsoDate(text)) return no(`“${text}”不是有效日期（YYYY-MM-DD）`);
      return ok(text);
    }
    case 'text': {
      if (typeof v !== 'string') return no('应为文字');
      const text = v.trim();
      if (text.length > field.max) return no(`不能超过 ${field.max} 个字，现为 ${text.length} 个字`);
      if (field.pattern && !field.pattern.regex.test(text)) return no(`“${text}”格式不对，应为${field.pattern.expected}`);
      const misfit = field.check?.(text, record) ?? null;
      return misfit === null ? ok(text) : no(misfit);
    }
  }
}

/**
 * Parses a parcel's ledger fields from untrusted JSON (an API body, an imported row, the edit form) into typed
 * values, or says in Chinese what is wrong with each field, in the ledger's order. Empty strings count as "not given".
 */
export function parseParcelFields(input: Readonly<Record<string, unknown>>): Parsed<LedgerFields> {
  const problems: FieldProblem[] = [];
  const value: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const read = parseField(field, input);
    if (read.ok) value[field.key] = read.value;
    else problems.push({ field: field.key, message: `${field.label}：${read.reason}` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: value as LedgerFields };
}
