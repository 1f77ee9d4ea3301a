import { Hono } from 'hono';
import { areasMu } from '../../core/area/index.ts';
import { checkBoundary } from '../../core/geometry-checks.ts';
import { muFromM2 } from '../../core/measure.ts';
import { editLimitedToUnits, mayEditParcels } from '../../core/roles.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { outsideEditorUnits, type OutsideUnits } from './permissions.ts';

/** Overlaps thinner than this (mu) are shared edges, not overlaps: 0.001 mu is under 1 m². */
const MIN_OVERLAP_MU = 0.001;

/**
 * POST /api/parcels/check — the server's half of the live checks while drawing: the boundary rules (as on save),
 * PostGIS validity, overlaps with the campaign's other parcels (in mu), and whether the boundary lies within the
 * signed-in editor's units — and if not, the mu outside them and the units it reaches into. Writes nothing.
 */
export function parcelCheckRoute(db: Db) {
  return new Hono<AppEnv>().post('/check', async (c) => {
    const body = await jsonBody(c);
    if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
    const campaignId = params.positiveId('campaignId', String(body.campaignId ?? ''));
    const parcelId = body.parcelId == null ? null : params.positiveId('parcelId', String(body.parcelId));
    const { geometry, problems } = checkBoundary(body.geometry);
    if (!geometry || problems.length) return c.json({ problems, areaMu: null, overlaps: [], withinUserUnits: null, outsideUserUnits: null });
    const json = JSON.stringify(geometry);
    const [valid] = await db.query<{ reason: string }>('SELECT ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) AS reason', [json]);
    if (valid!.reason !== 'Valid Geometry') {
      return c.json({ problems: [{ code: 'invalid', message: `边界无效（PostGIS）：${valid!.reason}` }], areaMu: null, overlaps: [], withinUserUnits: null, outsideUserUnits: null });
    }
    const overlaps = await db.query<{ id: number; code: string; overlapM2: number }>(
      `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS geom)
       SELECT p.id, p.code, ST_Area(ST_Intersection(p.geom, g.geom)::geography) AS "overlapM2"
       FROM parcels p, g
       WHERE p.ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $2) AND p.deleted_at IS NULL AND p.id IS DISTINCT FROM $3::int AND p.geom && g.geom AND ST_Intersects(p.geom, g.geom)
       ORDER BY 3 DESC`,
      [json, campaignId, parcelId],
    );
    const user = c.get('user');
    const limited = user && mayEditParcels(user.role) && editLimitedToUnits(user.role);
    const outside: OutsideUnits | null = limited ? await outsideEditorUnits(db, user.unitIds, campaignId, geometry) : null;
    const inside = !user || !mayEditParcels(user.role) ? null : outside ? outside.inside : true;
    return c.json({
      problems: [],
      areaMu: areasMu(geometry),
      overlaps: overlaps.map((o) => ({ id: o.id, code: o.code, overlapMu: muFromM2(o.overlapM2) })).filter((o) => o.overlapMu >= MIN_OVERLAP_MU),
      withinUserUnits: inside,
      outsideUserUnits: outside && !outside.inside ? outside : null,
    });
  });
}
