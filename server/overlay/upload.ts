/**
 * Uploading approval batches or supply records from a boundary file (GeoJSON, Shapefile zip, 界址点坐标文件, KML),
 * read by the import's format readers. Every feature is checked by the shared boundary rules and by PostGIS; a
 * self-intersecting or otherwise invalid polygon is repaired with ST_MakeValid and the repair reported feature by
 * feature, never silently. Anything else wrong refuses the whole file: nothing is written.
 */
import type { MultiPolygon } from 'geojson';
import { checkBoundary } from '../../core/geometry-checks.ts';
import {
  AREA_UNITS, batchFromAttributes, supplyFromAttributes,
  type BatchMapping, type BatchRecord, type SupplyMapping, type SupplyRecord,
} from '../../core/approval-overlay/records.ts';
import { isOneOf } from '../../core/categories.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import type { ImportCandidate } from '../imports/formats/types.ts';

export type UploadKind = 'batches' | 'supplies';

/** A repair made to one feature, for the person who uploaded it. */
export interface Repair {
  source: string;
  /** What was wrong, in words (the shared check's message, or PostGIS's reason). */
  problem: string;
  /** Ellipsoidal area after the repair, mu. */
  repairedMu: number;
  /** Polygons the repair produced (a bow-tie becomes two triangles). */
  parts: number;
}

export interface Prepared<R> {
  source: string;
  record: R;
  geometry: MultiPolygon;
  repair: Repair | null;
}

const formText = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function areaUnitOf(form: Record<string, unknown>) {
  const unit = formText(form.areaUnit) ?? 'mu';
  if (!isOneOf(AREA_UNITS, unit)) throw new ApiError(400, 'bad_parameter', `参数 areaUnit 有误：面积单位应为 mu（亩）、ha（公顷）或 m2（平方米），收到“${unit}”`);
  return unit;
}

/** The field mapping from the upload form: attribute names chosen by the user, or none (the usual names are tried). */
export function batchMapping(form: Record<string, unknown>): BatchMapping {
  return {
    batchName: formText(form.batchNameField), approvalNumber: formText(form.approvalNumberField),
    approvalDate: formText(form.approvalDateField), approvedMu: formText(form.approvedAreaField), areaUnit: areaUnitOf(form),
  };
}

export function supplyMapping(form: Record<string, unknown>): SupplyMapping {
  return {
    supervisionNumber: formText(form.supervisionNumberField), supplyDate: formText(form.supplyDateField),
    suppliedMu: formText(form.suppliedAreaField), areaUnit: areaUnitOf(form),
  };
}

/** Checks one boundary: the shared rules, then PostGIS; returns it (repaired if needed) or why it cannot be used. */
async function checkedGeometry(db: Queryable, candidate: ImportCandidate): Promise<{ geometry: MultiPolygon; repair: Repair | null } | { errors: string[] }> {
  if (candidate.errors.length) return { errors: candidate.errors };
  if (!candidate.geometry) return { errors: ['没有图形'] };
  const checked = checkBoundary(candidate.geometry);
  // A crossing ring is what ST_MakeValid exists for; the other problems (not a polygon, malformed, outside China,
  // a degenerate ring) mean the file is wrong, and guessing would hide it.
  const fatal = checked.problems.filter((p) => p.code !== 'self_intersection');
  if (fatal.length || !checked.geometry) return { errors: fatal.map((p) => p.message) };
  const [row] = await db.query<{ reason: string; repaired: MultiPolygon | null; mu: number; parts: number }>(
    `SELECT ST_IsValidReason(g) AS reason,
            CASE WHEN ST_IsEmpty(v) THEN NULL ELSE ST_AsGeoJSON(v, 9)::json END AS repaired,
            (ST_Area(v::geography) / (10000.0 / 15.0))::float8 AS mu, ST_NumGeometries(v)::int AS parts
     FROM (SELECT g, ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) AS v
           FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) i) x`,
    [JSON.stringify(checked.geometry)],
  );
  if (row!.reason === 'Valid Geometry' && !checked.problems.length) return { geometry: checked.geometry, repair: null };
  if (!row!.repaired) return { errors: [`边界无效且无法修复（${row!.reason}）`] };
  const problem = checked.problems.length ? checked.problems.map((p) => p.message).join('；') : `边界无效（PostGIS：${row!.reason}）`;
  return { geometry: row!.repaired, repair: { source: candidate.source, problem, repairedMu: row!.mu, parts: row!.parts } };
}

/** Every feature checked and read; throws a 400 listing every problem when any feature is wrong. */
export async function prepareUpload<R>(db: Queryable, fileName: string, candidates: ImportCandidate[], read: (c: ImportCandidate) => { ok: true; value: R } | { ok: false; errors: string[] }): Promise<Prepared<R>[]> {
  const prepared: Prepared<R>[] = [];
  const errors: string[] = [];
  for (const candidate of candidates) {
    const geometry = await checkedGeometry(db, candidate);
    const record = read(candidate);
    const wrong = [...('errors' in geometry ? geometry.errors : []), ...(record.ok ? [] : record.errors)];
    if (wrong.length) errors.push(`${candidate.source}：${wrong.join('；')}`);
    else if (record.ok && 'geometry' in geometry) prepared.push({ source: `${fileName} ${candidate.source}`, record: record.value, geometry: geometry.geometry, repair: geometry.repair });
  }
  if (errors.length) {
    throw new ApiError(400, 'invalid_file', `“${fileName}”有 ${errors.length} 处错误，未写入任何数据：${errors.slice(0, 5).join('；')}${errors.length > 5 ? '……' : ''}`, { errors });
  }
  return prepared;
}

export const readBatch = (mapping: BatchMapping) => (c: ImportCandidate) => batchFromAttributes(c.attributes, mapping, c.statedAreaMu);
export const readSupply = (mapping: SupplyMapping) => (c: ImportCandidate) => supplyFromAttributes(c.attributes, mapping, c.statedAreaMu);

const repairNote = (r: Repair | null) => (r ? `${r.problem}；已用 ST_MakeValid 修复为 ${r.parts} 个面，修复后 ${r.repairedMu.toFixed(2)} 亩` : null);

/** Writes the batches in the caller's transaction; a batch name already in the campaign, or twice in the file, is a 409. */
export async function insertBatches(tx: Queryable, campaignId: number, items: Prepared<BatchRecord>[], actor: string, isDemo = false): Promise<number[]> {
  const names = items.map((i) => i.record.batchName);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  const existing = await tx.query<{ name: string }>('SELECT batch_name AS name FROM approval_batches WHERE campaign_id = $1 AND batch_name = ANY($2::text[])', [campaignId, names]);
  const clash = [...new Set([...twice, ...existing.map((e) => e.name)])];
  if (clash.length) throw new ApiError(409, 'duplicate_batch', `批次名称重复（${clash.slice(0, 5).join('、')}）：文件中出现两次或已上传过，未写入任何数据`, { batchNames: clash });
  const ids: number[] = [];
  for (const { record: r, geometry, source, repair } of items) {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO approval_batches (campaign_id, batch_name, approval_number, approval_date, approved_mu, geom, source, repair_note, is_demo, created_by)
       VALUES ($1, $2, $3, $4, $5, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6::text), 4326)), $7, $8, $9, $10) RETURNING id`,
      [campaignId, r.batchName, r.approvalNumber, r.approvalDate, r.approvedMu, JSON.stringify(geometry), source, repairNote(repair), isDemo, actor],
    );
    ids.push(row!.id);
  }
  return ids;
}

export async function insertSupplies(tx: Queryable, campaignId: number, items: Prepared<SupplyRecord>[], actor: string, isDemo = false): Promise<number[]> {
  const ids: number[] = [];
  for (const { record: r, geometry, source, repair } of items) {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO supply_records (campaign_id, supervision_number, supply_date, supplied_mu, geom, source, repair_note, is_demo, created_by)
       VALUES ($1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5::text), 4326)), $6, $7, $8, $9) RETURNING id`,
      [campaignId, r.supervisionNumber, r.supplyDate, r.suppliedMu, JSON.stringify(geometry), source, repairNote(repair), isDemo, actor],
    );
    ids.push(row!.id);
  }
  return ids;
}
