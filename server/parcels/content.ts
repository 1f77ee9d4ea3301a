import type { MultiPolygon } from 'geojson';
import { checkBoundary } from '../../core/geometry-checks.ts';
import { parseParcelFields, type FieldProblem } from '../../core/parcel-input.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import type { ParcelContent } from './write.ts';

/**
 * Checks untrusted parcel content — ledger fields, the boundary (the shared rules, then PostGIS's ST_IsValid) and
 * the stored unit — and returns it typed, or every problem found, each in words for the person who sent it.
 */
export async function validateContent(db: Queryable, body: Record<string, unknown>): Promise<{ content: ParcelContent | null; problems: FieldProblem[] }> {
  const fields = parseParcelFields(body);
  const problems = fields.ok ? [] : [...fields.problems];
  let geometry: MultiPolygon | null = null;
  if (body.geometry !== undefined && body.geometry !== null) {
    const checked = checkBoundary(body.geometry);
    problems.push(...checked.problems.map((p) => ({ field: 'geometry' as const, message: p.message })));
    if (!checked.problems.length && checked.geometry) {
      const [valid] = await db.query<{ reason: string }>('SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) AS reason', [JSON.stringify(checked.geometry)]);
      if (valid!.reason !== 'Valid Geometry') problems.push({ field: 'geometry', message: `边界无效（PostGIS）：${valid!.reason}` });
      geometry = checked.geometry;
    }
  }
  const unitId = body.unitId === undefined || body.unitId === null ? null : body.unitId;
  if (unitId !== null && !(typeof unitId === 'number' && Number.isInteger(unitId) && unitId > 0)) problems.push({ field: 'unitId', message: '所属单位编号无效' });
  if (!fields.ok || problems.length) return { content: null, problems };
  return { content: { fields: fields.value, unitId: unitId as number | null, geometry }, problems: [] };
}

/** validateContent, or a 400 listing every problem at once. */
export async function parseContent(db: Queryable, body: Record<string, unknown>): Promise<ParcelContent> {
  const { content, problems } = await validateContent(db, body);
  if (!content) throw new ApiError(400, 'invalid_parcel', `地块数据有误：${problems.map((p) => p.message).join('；')}`, { problems });
  return content;
}
