import type { MultiPolygon } from 'geojson';
import { checkBoundary, nestedTooDeep } from '../../../core/geometry-checks.ts';
import { parseParcelFields, type FieldProblem } from '../../../core/parcel-input.ts';
import type { Queryable } from '../../db/types.ts';
import { isRecord } from '../../http/body.ts';
import type { ParcelContent } from './types.ts';

export type Validated = { content: ParcelContent; problems: [] } | { content: null; problems: FieldProblem[] };

/** Largest id PostgreSQL's integer holds: a larger one is a bad request, not an overflow in the database. */
export const MAX_ID = 2 ** 31 - 1;

export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_ID;

/**
 * Checks many untrusted parcel bodies at once — the ledger fields and the boundary by the shared rules
 * (core/parcel-input.ts, core/geometry-checks.ts), then every boundary that passed them by PostGIS's
 * ST_IsValidReason in one query — and returns each typed, or every problem found, in words for the person who sent it.
 * `kept[i]`, when given, is the boundary the parcel has now: sent back unchanged, it is taken as stored, unchecked
 * (a change of the fields must not fail on a boundary stored before today's rules).
 */
export async function validateBodies(db: Queryable, bodies: ReadonlyArray<Record<string, unknown>>, kept: ReadonlyArray<MultiPolygon | null | undefined> = []): Promise<Validated[]> {
  const checked = bodies.map((body, i) => {
    const fields = parseParcelFields(body);
    const problems: FieldProblem[] = fields.ok ? [] : [...fields.problems];
    let geometry: MultiPolygon | null = null;
    let unchecked = false;
    if (body.geometry !== undefined && body.geometry !== null) {
      const before = kept[i];
      if (before && isRecord(body.geometry) && !nestedTooDeep(body.geometry as { type: string }) && JSON.stringify(before) === JSON.stringify(body.geometry)) geometry = before;
      else {
        const boundary = checkBoundary(body.geometry);
        problems.push(...boundary.problems.map((p) => ({ field: 'geometry' as const, message: p.message })));
        if (!boundary.problems.length && boundary.geometry) [geometry, unchecked] = [boundary.geometry, true];
      }
    }
    const unitId = body.unitId ?? null;
    if (unitId !== null && !isId(unitId)) problems.push({ field: 'unitId', message: `所属单位（unitId）：应为单位编号（1 到 ${MAX_ID} 的整数），收到${typeof unitId === 'object' ? '列表或对象' : `“${String(unitId).slice(0, 20)}”`}` });
    return { fields, problems, geometry, unchecked, unitId: unitId as number | null };
  });

  const toCheck = checked.flatMap((c, i) => (c.unchecked ? [i] : []));
  if (toCheck.length) {
    const invalid = await db.query<{ i: number; reason: string }>(
      `SELECT i::int AS i, reason FROM (
         SELECT t.i, ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON(t.g), 4326)) AS reason
         FROM unnest($1::text[], $2::int[]) AS t(g, i)) v
       WHERE reason <> 'Valid Geometry'`,
      [toCheck.map((i) => JSON.stringify(checked[i]!.geometry)), toCheck],
    );
    for (const { i, reason } of invalid) checked[i]!.problems.push({ field: 'geometry', message: `边界无效（PostGIS）：${reason}` });
  }

  return checked.map((c) => (c.fields.ok && !c.problems.length
    ? { content: { fields: c.fields.value, unitId: c.unitId, geometry: c.geometry }, problems: [] }
    : { content: null, problems: c.problems }));
}
