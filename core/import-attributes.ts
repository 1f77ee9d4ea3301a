import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from './categories.ts';
import { LEDGER_COLUMNS } from './ledger-columns.ts';
import type { ParcelFields } from './parcel.ts';

/** Other names files use for the ledger's columns (Chinese headers, shapefile field names, the coordinate file's). */
const ALIASES: Partial<Record<keyof ParcelFields, string[]>> = {
  code: ['地块编号', '宗地编号', '编号', 'DKBH', 'CODE', 'Code'],
  projectName: ['项目名称', '地块名称', '名称', 'XMMC', 'NAME', 'Name', 'name'],
  ledgerMu: ['台账面积', '面积（亩）', '面积(亩)', 'LEDGER_MU', 'MJ_MU'],
  category: ['CATEGORY', '类型'],
  status: ['STATUS', '处置状态'],
  landUse: ['地块用途', '用途', 'YT'],
  supervisionNumber: ['SUPERVISE', '监管号'],
  approvalNumber: ['APPROVAL', '批准文号'],
  disposalMethod: ['DISPOSAL'],
};

const CATEGORY_BY_LABEL = new Map(CATEGORIES.map((c) => [CATEGORY_LABELS[c], c]));
const STATUS_BY_LABEL = new Map(STATUSES.map((s) => [STATUS_LABELS[s], s]));
const NUMERIC: ReadonlySet<string> = new Set(['ledgerMu', 'approvedMu', 'supplyPriceWan']);

/**
 * The ledger fields found in a file's attributes, under our own names, the bureau's Chinese headers or common
 * aliases; category and status may be given by their Chinese labels, numbers as text, lists joined by 、.
 * Only the fields the file has are returned: the caller decides what to do about the rest.
 */
export function ledgerFieldsFrom(attributes: Record<string, unknown>): Partial<Record<keyof ParcelFields, unknown>> {
  const out: Partial<Record<keyof ParcelFields, unknown>> = {};
  for (const { key, header } of LEDGER_COLUMNS) {
    const names = [key, header, ...(ALIASES[key] ?? [])];
    const name = names.find((n) => attributes[n] !== undefined && attributes[n] !== null && attributes[n] !== '');
    if (name === undefined) continue;
    let value = attributes[name];
    if (key === 'category' && typeof value === 'string') value = CATEGORY_BY_LABEL.get(value.trim()) ?? value;
    if (key === 'status' && typeof value === 'string') value = STATUS_BY_LABEL.get(value.trim()) ?? value;
    if (NUMERIC.has(key) && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) value = Number(value);
    if (key === 'sourceLists' && typeof value === 'string') value = value.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean);
    if (typeof value === 'number' && !NUMERIC.has(key)) value = String(value);
    if (value instanceof Date) value = value.toISOString().slice(0, 10);
    out[key] = value;
  }
  return out;
}
