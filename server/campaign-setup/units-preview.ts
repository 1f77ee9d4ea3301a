import type { Geometry, MultiPolygon } from 'geojson';
import { fieldsOf, guessMapping, judgeOverlaps, unitsFromFeatures, unitsFromList, type FieldSummary, type Overlap, type UnitDraft, type UnitFieldMapping } from '../../core/campaign-setup/units.ts';
import type { UnitKind } from '../../core/categories.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { readImportUpload } from '../files/pool.ts';
import { boundaryAreas, gapsAgainstParent, pairwiseOverlaps, type GapReport } from './geometry.ts';
import { registeredUnits } from './write.ts';

export interface UnitPreviewItem extends Pick<UnitDraft, 'index' | 'source' | 'code' | 'name' | 'fullName' | 'kind' | 'geometry' | 'errors'> {
  /** Ellipsoidal area of the boundary, mu; null without a boundary. */
  areaMu: number | null;
}

/** An overlapping pair by the units' names, with their indices in the file and the overlap's polygons. */
export interface UnitOverlap extends Overlap {
  aIndex: number;
  bIndex: number;
  geometry: Geometry;
}

export interface UnitsPreview {
  format: string;
  fields: FieldSummary[];
  mapping: { name: string | null; code: string | null };
  units: UnitPreviewItem[];
  overlapThresholdMu: number;
  /** Overlaps at or above the threshold: the import is refused while there is one. */
  overlaps: UnitOverlap[];
  /** Overlaps below the threshold (digitising slivers), reported only. */
  tinyOverlaps: UnitOverlap[];
  parent: GapReport | null;
  warnings: string[];
  canCommit: boolean;
}

/** Where the units come from: a boundary file with the user's field choice, or a plain list (no boundaries). */
export type UnitsSource =
  | { kind: 'file'; name: string; bytes: Uint8Array; mapping: Partial<UnitFieldMapping> }
  | { kind: 'list'; rows: Array<Record<string, unknown>> };

export type ParentSource = { kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'unit'; code: string } | null;

async function unitsOf(source: UnitsSource, defaultKind: UnitKind): Promise<{ format: string; fields: FieldSummary[]; mapping: UnitsPreview['mapping']; drafts: UnitDraft[]; warnings: string[] }> {
  if (source.kind === 'list') return { format: '单位名单（无边界）', fields: [], mapping: { name: 'name', code: 'code' }, drafts: unitsFromList(source.rows, defaultKind), warnings: [] };
  const read = await readImportUpload(source.name, source.bytes);
  if (!read.ok) throw new ApiError(422, 'unreadable_file', `无法读取“${source.name}”：${read.errors.join('；')}`, { errors: read.errors });
  const fields = fieldsOf(read.candidates);
  const guess = guessMapping(fields);
  const name = source.mapping.name || guess.name;
  const code = source.mapping.code || guess.code;
  const known = new Set(fields.map((f) => f.name));
  for (const [what, field] of Object.entries(source.mapping)) {
    if (field && !known.has(field)) throw new ApiError(400, 'bad_field', `文件中没有字段“${field}”（${what}），可选：${[...known].join('、') || '无'}`);
  }
  const mapping = { name: name ?? null, code: code ?? null };
  if (!name || !code) {
    return { format: read.format, fields, mapping, drafts: [], warnings: [...read.warnings, '请选择哪个字段是单位名称、哪个字段是单位代码'] };
  }
  const drafts = unitsFromFeatures(read.candidates, { ...source.mapping, name, code }, defaultKind);
  return { format: read.format, fields, mapping, drafts, warnings: read.warnings };
}

async function parentBoundary(db: Queryable, parent: ParentSource): Promise<MultiPolygon | null> {
  if (!parent) return null;
  if (parent.kind === 'unit') {
    const [row] = await db.query<{ geometryJson: string | null }>('SELECT ST_AsGeoJSON(boundary) AS "geometryJson" FROM units WHERE code = $1', [parent.code]);
    if (!row) throw new ApiError(400, 'bad_parameter', `没有代码为 ${parent.code} 的单位，无法作为上级边界`);
    if (!row.geometryJson) throw new ApiError(400, 'bad_parameter', `单位 ${parent.code} 没有边界，无法检查缺口`);
    return JSON.parse(row.geometryJson) as MultiPolygon;
  }
  const read = await readImportUpload(parent.name, parent.bytes);
  if (!read.ok) throw new ApiError(422, 'unreadable_file', `无法读取上级边界“${parent.name}”：${read.errors.join('；')}`, { errors: read.errors });
  const polygons = read.candidates.flatMap((c) => c.geometry?.coordinates ?? []);
  if (!polygons.length) throw new ApiError(422, 'unreadable_file', `上级边界“${parent.name}”中没有面图形`);
  return { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * Reads the units, measures each boundary (ellipsoidal mu), finds every overlapping pair and, if a parent boundary is
 * given, the gaps it leaves. Writes nothing.
 */
export async function previewUnits(db: Queryable, source: UnitsSource, parent: ParentSource, defaultKind: UnitKind, thresholdMu: number): Promise<{ preview: UnitsPreview; drafts: UnitDraft[] }> {
  const { format, fields, mapping, drafts, warnings } = await unitsOf(source, defaultKind);
  const withBoundary = drafts.filter((d): d is UnitDraft & { geometry: MultiPolygon } => d.geometry !== null);
  const areas = await boundaryAreas(db, withBoundary.map((d) => ({ index: d.index, geometry: d.geometry })));
  for (const d of withBoundary) {
    const area = areas.get(d.index);
    if (area && !area.valid) d.errors.push(`边界无效：${area.reason}`);
  }
  const { conflicts } = await registeredUnits(db, drafts.filter((d) => !d.errors.length));
  for (const d of drafts) if (conflicts.has(d.index)) d.errors.push(conflicts.get(d.index)!);
  const measurable = withBoundary.filter((d) => areas.get(d.index)?.valid);
  const nameOf = new Map(drafts.map((d) => [d.index, d.name || d.source]));
  const overlaps = (await pairwiseOverlaps(db, measurable.map((d) => ({ index: d.index, geometry: d.geometry })))).map(
    (o): UnitOverlap => ({ a: nameOf.get(o.a)!, b: nameOf.get(o.b)!, aIndex: o.a, bIndex: o.b, overlapMu: o.overlapMu, geometry: o.geometry }),
  );
  const verdict = judgeOverlaps(overlaps, thresholdMu);
  const parentGeometry = await parentBoundary(db, parent);
  const gaps = parentGeometry ? await gapsAgainstParent(db, parentGeometry, measurable.map((d) => d.geometry), thresholdMu) : null;
  const allWarnings = [...warnings];
  if (verdict.tolerated.length) allWarnings.push(`${verdict.tolerated.length} 处重叠小于 ${thresholdMu} 亩，视为数字化误差，未阻止导入`);
  if (gaps?.gaps.length) allWarnings.push(`各单位未覆盖上级边界：${gaps.gaps.length} 处缺口，共 ${gaps.gaps.reduce((s, g) => s + g.areaMu, 0).toFixed(2)} 亩`);
  if (gaps?.outside.length) allWarnings.push(`有 ${gaps.outside.length} 处超出上级边界，共 ${gaps.outside.reduce((s, g) => s + g.areaMu, 0).toFixed(2)} 亩`);
  if (drafts.length && !withBoundary.length) allWarnings.push('各单位均无边界：进度将只按地块登记的单位统计');
  const units = drafts.map((d): UnitPreviewItem => ({
    index: d.index, source: d.source, code: d.code, name: d.name, fullName: d.fullName, kind: d.kind,
    areaMu: areas.get(d.index)?.areaMu ?? null, geometry: d.geometry, errors: d.errors,
  }));
  return {
    preview: {
      format, fields, mapping, units, overlapThresholdMu: thresholdMu, overlaps: verdict.refused, tinyOverlaps: verdict.tolerated,
      parent: gaps, warnings: allWarnings,
      canCommit: drafts.length > 0 && drafts.every((d) => d.errors.length === 0) && verdict.refused.length === 0,
    },
    drafts,
  };
}
