/**
 * Attributes of an uploaded batch or supply file, read into typed records through a field mapping the user chose
 * (or the usual field names when they chose none). Areas come in 亩, 公顷 or m² as the user says; stored in mu.
 */
import { parseIsoDate, type IsoDate } from '../dates.ts';
import { muFromHa, muFromM2 } from '../measure.ts';
import { SUPERVISION_NUMBER } from '../parcel.ts';

export const AREA_UNITS = ['mu', 'ha', 'm2'] as const;
export type AreaUnit = (typeof AREA_UNITS)[number];
export const AREA_UNIT_LABELS: Record<AreaUnit, string> = { mu: '亩', ha: '公顷', m2: '平方米' };

export interface BatchRecord {
  batchName: string;
  approvalNumber: string | null;
  approvalDate: IsoDate | null;
  approvedMu: number | null;
}

export interface SupplyRecord {
  supervisionNumber: string | null;
  supplyDate: IsoDate | null;
  suppliedMu: number | null;
}

/** Which attribute holds which field; null: look for the usual names. */
export type BatchMapping = Record<keyof BatchRecord, string | null> & { areaUnit: AreaUnit };
export type SupplyMapping = Record<keyof SupplyRecord, string | null> & { areaUnit: AreaUnit };

/** The names files commonly use (Chinese headers, shapefile abbreviations, our own, the coordinate file's). */
export const BATCH_FIELD_NAMES: Record<keyof BatchRecord, string[]> = {
  batchName: ['batchName', '批次名称', '批次', 'PCMC', 'projectName', '地块名称', 'name', 'NAME'],
  approvalNumber: ['approvalNumber', '批准文号', '批文号', 'PZWH'],
  approvalDate: ['approvalDate', '批准日期', '批准时间', 'PZRQ'],
  approvedMu: ['approvedMu', '批准面积', 'PZMJ'],
};
export const SUPPLY_FIELD_NAMES: Record<keyof SupplyRecord, string[]> = {
  supervisionNumber: ['supervisionNumber', '电子监管号', '监管号', 'DZJGH'],
  supplyDate: ['supplyDate', '供地日期', '供应日期', '签订日期', 'GDRQ'],
  suppliedMu: ['suppliedMu', '供应面积', '供地面积', 'GYMJ'],
};

type Read<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function pick(attributes: Record<string, unknown>, chosen: string | null, usual: string[]): { name: string | null; value: unknown } {
  const names = chosen ? [chosen] : usual;
  const name = names.find((n) => attributes[n] !== undefined && attributes[n] !== null && String(attributes[n]).trim() !== '') ?? null;
  return { name, value: name === null ? null : attributes[name] };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const t = String(value).trim();
  return t === '' ? null : t;
}

function date(field: string, value: unknown, errors: string[]): IsoDate | null {
  if (value === null) return null;
  if (value instanceof Date) return parseIsoDate(value.toISOString().slice(0, 10));
  const t = String(value).trim().replace(/[./年月]/g, '-').replace(/日$/, '');
  const padded = t.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_m, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
  const parsed = parseIsoDate(padded);
  if (!parsed) errors.push(`${field}“${String(value)}”不是有效日期（应如 2019-06-30）`);
  return parsed;
}

function area(field: string, value: unknown, unit: AreaUnit, errors: string[]): number | null {
  if (value === null) return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < 0) {
    errors.push(`${field}“${String(value)}”不是有效面积（应为不小于 0 的数字，单位${AREA_UNIT_LABELS[unit]}）`);
    return null;
  }
  return unit === 'mu' ? n : unit === 'ha' ? muFromHa(n) : muFromM2(n);
}

/**
 * A batch from a feature's attributes. `statedAreaMu` is what the file format itself states (the coordinate file's
 * 地块面积), used when no area field is found.
 */
export function batchFromAttributes(attributes: Record<string, unknown>, mapping: BatchMapping, statedAreaMu: number | null): Read<BatchRecord> {
  const errors: string[] = [];
  const name = pick(attributes, mapping.batchName, BATCH_FIELD_NAMES.batchName);
  const batchName = text(name.value);
  if (!batchName) errors.push(mapping.batchName ? `缺少批次名称（字段“${mapping.batchName}”为空或不存在）` : `缺少批次名称（未找到字段：${BATCH_FIELD_NAMES.batchName.slice(1, 4).join('、')}）`);
  else if (batchName.length > 200) errors.push('批次名称超过 200 个字符');
  const approvalNumber = text(pick(attributes, mapping.approvalNumber, BATCH_FIELD_NAMES.approvalNumber).value);
  const approvalDate = date('批准日期', pick(attributes, mapping.approvalDate, BATCH_FIELD_NAMES.approvalDate).value, errors);
  const stated = area('批准面积', pick(attributes, mapping.approvedMu, BATCH_FIELD_NAMES.approvedMu).value, mapping.areaUnit, errors);
  if (errors.length || !batchName) return { ok: false, errors };
  return { ok: true, value: { batchName, approvalNumber, approvalDate, approvedMu: stated ?? statedAreaMu } };
}

/** A supply record from a feature's attributes; a supervision number, when given, must have the national format. */
export function supplyFromAttributes(attributes: Record<string, unknown>, mapping: SupplyMapping, statedAreaMu: number | null): Read<SupplyRecord> {
  const errors: string[] = [];
  const supervisionNumber = text(pick(attributes, mapping.supervisionNumber, SUPPLY_FIELD_NAMES.supervisionNumber).value);
  if (supervisionNumber && !SUPERVISION_NUMBER.test(supervisionNumber)) errors.push(`电子监管号“${supervisionNumber}”格式不对（应为 16 位，如 4117022019B00345）`);
  const supplyDate = date('供地日期', pick(attributes, mapping.supplyDate, SUPPLY_FIELD_NAMES.supplyDate).value, errors);
  const suppliedMu = area('供应面积', pick(attributes, mapping.suppliedMu, SUPPLY_FIELD_NAMES.suppliedMu).value, mapping.areaUnit, errors);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { supervisionNumber, supplyDate, suppliedMu: suppliedMu ?? statedAreaMu } };
}
