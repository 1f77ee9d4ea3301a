import type { MultiPolygon } from 'geojson';
import { isOneOf, UNIT_KINDS, type UnitKind } from '../categories.ts';

/** One feature of a boundary file as the readers give it (see server/imports/formats). */
export interface BoundaryFeature {
  index: number;
  source: string;
  attributes: Record<string, unknown>;
  geometry: MultiPolygon | null;
  errors: string[];
}

/** Which attribute of the file holds what; name and code are chosen by the user, the rest optional. */
export interface UnitFieldMapping {
  name: string;
  code: string;
  fullName?: string | null;
  kind?: string | null;
  note?: string | null;
  illustrative?: string | null;
}

export interface UnitDraft {
  index: number;
  source: string;
  code: string;
  name: string;
  fullName: string;
  kind: UnitKind;
  note: string | null;
  illustrative: boolean;
  geometry: MultiPolygon | null;
  errors: string[];
}

export interface FieldSummary {
  name: string;
  /** A few distinct values, to help choose. */
  samples: string[];
  /** Whether every feature has a distinct, non-empty value (a usable code or name field). */
  unique: boolean;
}

const shown = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** The attribute fields of a boundary file, with samples, in the order they first appear. */
export function fieldsOf(features: ReadonlyArray<Pick<BoundaryFeature, 'attributes'>>): FieldSummary[] {
  const names: string[] = [];
  for (const f of features) for (const k of Object.keys(f.attributes)) if (!names.includes(k)) names.push(k);
  return names.map((name) => {
    const values = features.map((f) => shown(f.attributes[name]));
    const distinct = [...new Set(values.filter(Boolean))];
    return { name, samples: distinct.slice(0, 4), unique: distinct.length === features.length };
  });
}

const NAME_FIELD = /^(name|名称|单位名称|行政区名称|xzqmc|qhmc|mc)$/i;
const CODE_FIELD = /^(code|代码|单位代码|行政区代码|行政区划代码|xzqdm|qhdm|dm|adcode)$/i;

/** A first guess of the name and code fields, for the user to confirm or change. */
export function guessMapping(fields: FieldSummary[]): { name: string | null; code: string | null } {
  const pick = (pattern: RegExp) => fields.find((f) => pattern.test(f.name) && f.unique)?.name ?? fields.find((f) => pattern.test(f.name))?.name ?? null;
  return { name: pick(NAME_FIELD), code: pick(CODE_FIELD) };
}

const TRUE_WORDS = /^(true|1|是|y|yes)$/i;

/**
 * Turns the file's features into units with the user's field choice. Each unit carries its own errors (no name, no
 * code, a code or name used twice, no usable boundary); nothing is dropped silently.
 */
export function unitsFromFeatures(features: readonly BoundaryFeature[], mapping: UnitFieldMapping, defaultKind: UnitKind): UnitDraft[] {
  const units = features.map((f): UnitDraft => {
    const errors = [...f.errors];
    const name = shown(f.attributes[mapping.name]);
    const code = shown(f.attributes[mapping.code]);
    if (!name) errors.push(`名称字段“${mapping.name}”为空`);
    if (!code) errors.push(`代码字段“${mapping.code}”为空`);
    else if (!/^[0-9A-Za-z_-]{1,40}$/.test(code)) errors.push(`代码“${code}”只能含数字、字母、连字符（不超过 40 位）`);
    const kindText = mapping.kind ? shown(f.attributes[mapping.kind]) : '';
    let kind: UnitKind = defaultKind;
    if (kindText) {
      if (isOneOf(UNIT_KINDS, kindText) && kindText !== 'city') kind = kindText;
      else errors.push(`类型“${kindText}”无法识别（可为 county、zone、town）`);
    }
    if (!f.geometry && !f.errors.length) errors.push('没有边界图形');
    return {
      index: f.index,
      source: f.source,
      code,
      name,
      fullName: (mapping.fullName ? shown(f.attributes[mapping.fullName]) : '') || name,
      kind,
      note: (mapping.note ? shown(f.attributes[mapping.note]) : '') || null,
      illustrative: mapping.illustrative ? TRUE_WORDS.test(shown(f.attributes[mapping.illustrative])) : false,
      geometry: f.geometry,
      errors,
    };
  });
  markDuplicates(units);
  return units;
}

/** A unit list without boundaries (a county whose towns have no digital boundary yet, as Anze's). */
export function unitsFromList(rows: ReadonlyArray<{ name?: unknown; code?: unknown; fullName?: unknown; kind?: unknown }>, defaultKind: UnitKind): UnitDraft[] {
  const units = rows.map((row, i): UnitDraft => {
    const name = shown(row.name);
    const code = shown(row.code);
    const errors: string[] = [];
    if (!name) errors.push('缺少名称');
    if (!code) errors.push('缺少代码');
    else if (!/^[0-9A-Za-z_-]{1,40}$/.test(code)) errors.push(`代码“${code}”只能含数字、字母、连字符（不超过 40 位）`);
    const kindText = shown(row.kind);
    const kind = kindText && isOneOf(UNIT_KINDS, kindText) && kindText !== 'city' ? kindText : defaultKind;
    if (kindText && kind !== kindText) errors.push(`类型“${kindText}”无法识别（可为 county、zone、town）`);
    return { index: i + 1, source: `第 ${i + 1} 个单位`, code, name, fullName: shown(row.fullName) || name, kind, note: null, illustrative: false, geometry: null, errors };
  });
  markDuplicates(units);
  return units;
}

function markDuplicates(units: UnitDraft[]): void {
  for (const key of ['code', 'name'] as const) {
    const seen = new Map<string, UnitDraft>();
    for (const u of units) {
      if (!u[key]) continue;
      const first = seen.get(u[key]);
      if (first) u.errors.push(`${key === 'code' ? '代码' : '名称'}“${u[key]}”与${first.source}重复`);
      else seen.set(u[key], u);
    }
  }
}

export interface Overlap {
  a: string;
  b: string;
  /** Ellipsoidal area of the overlap, in mu. */
  overlapMu: number;
}

export interface OverlapVerdict<T extends Overlap> {
  /** Overlaps that refuse the import. */
  refused: T[];
  /** Overlaps below the threshold, from digitising; reported, not refused. */
  tolerated: T[];
}

/** The default below which an overlap counts as digitising noise: 0.01 mu ≈ 6.7 m². */
export const OVERLAP_THRESHOLD_MU = 0.01;

/** Splits overlaps into refused and tolerated by the threshold (mu), largest first. */
export function judgeOverlaps<T extends Overlap>(overlaps: readonly T[], thresholdMu = OVERLAP_THRESHOLD_MU): OverlapVerdict<T> {
  const sorted = [...overlaps].sort((x, y) => y.overlapMu - x.overlapMu);
  return { refused: sorted.filter((o) => o.overlapMu >= thresholdMu), tolerated: sorted.filter((o) => o.overlapMu < thresholdMu) };
}
