/**
 * A field's value as text and back, by its type: in a spreadsheet cell, in a form input, on screen, and as files
 * give it. Lists are joined with 、 and split on 、 , ; or new lines; codes show as their Chinese labels.
 */
import { fieldOf, type FieldKey } from './registry.ts';
import type { FieldDef } from './types.ts';

const LIST_SEPARATOR = /[、,，;；\n]+/;
const splitList = (text: string) => text.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);

/** A value as a spreadsheet cell or a DBF attribute shows it: labels for codes, lists joined, numbers kept numbers. */
export function cellText(key: FieldKey, value: unknown): string | number | null {
  const field = fieldOf(key);
  if (value === null || value === undefined) return null;
  if (field.type === 'enum') return field.valueLabels[String(value)] ?? String(value);
  if (Array.isArray(value)) return value.length ? value.join('、') : null;
  return typeof value === 'number' ? value : String(value);
}

/** A value as an input holds it: '' for none. */
export function formText(value: unknown): string {
  return Array.isArray(value) ? value.join('、') : value === null || value === undefined ? '' : String(value);
}

/** What a person typed, as the API takes it: numbers as numbers (unreadable ones stay text, so validation names them). */
export function valueFromText(key: FieldKey, text: string): unknown {
  const field = fieldOf(key);
  const trimmed = text.trim();
  if (field.type === 'list') return splitList(trimmed);
  if (trimmed === '') return null;
  if (field.type === 'amount') return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
  return trimmed;
}

const amountFormats = new Map<FieldDef, Intl.NumberFormat>();

/** A value as the parcel panel shows it: areas with two decimals and 亩, prices with 万元, codes as labels; null for none. */
export function displayText(key: FieldKey, value: unknown): string | null {
  const field = fieldOf(key);
  if (field.type === 'amount' && typeof value === 'number') {
    let format = amountFormats.get(field);
    if (!format) {
      format = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: field.unit === '亩' ? 2 : 0, maximumFractionDigits: 2 });
      amountFormats.set(field, format);
    }
    return `${format.format(value)} ${field.unit}`;
  }
  const cell = cellText(key, value);
  return cell === null || cell === '' ? null : String(cell);
}

/**
 * A value as a file gives it, made ready for parsing: a code's Chinese label to the code, a number written as text
 * to the number, a list written as text to its items, a spreadsheet date to YYYY-MM-DD, a number in a text field
 * to text. What cannot be read is passed on as it is, so that parsing names it.
 */
export function fromFileValue(field: FieldDef, value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  switch (field.type) {
    case 'enum': {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      return field.values.find((v) => v === text || field.valueLabels[v] === text) ?? text;
    }
    case 'amount':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'list':
      return typeof value === 'string' ? splitList(value) : value;
    default:
      return typeof value === 'number' ? String(value) : value;
  }
}
