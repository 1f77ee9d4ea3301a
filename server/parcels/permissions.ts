import type { MultiPolygon } from 'geojson';
import { muFromM2 } from '../../core/measure.ts';
import { editLimitedToUnits, mayEditParcels, ROLE_LABELS } from '../../core/roles.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';

/** The signed-in user, who must be allowed to change parcels at all (the middleware has already required a session). */
export function editor(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录，再修改数据');
  if (!mayEditParcels(user.role)) throw new ApiError(403, 'forbidden', `您的角色（${ROLE_LABELS[user.role]}）不能修改地块`);
  return user;
}

/**
 * SQL: whether a parcel lies within units — by boundary, covered by the units' union; a parcel without a boundary by
 * its stored unit. The one statement of the rule, for a parcel being written (GeoJSON) and for stored rows alike.
 */
export const INSIDE_UNITS_SQL = (geom: string, unitId: string, unitIds: string, union: string) =>
  `(CASE WHEN ${geom} IS NULL THEN COALESCE(${unitId} = ANY(${unitIds}), false) ELSE COALESCE(ST_CoveredBy(${geom}, ${union}), false) END)`;

/** Whether a parcel (by boundary, or by stored unit when it has none) lies within the given units, per PostGIS. */
export async function withinUnits(db: Queryable, unitIds: number[], state: { geometry: MultiPolygon | null; unitId: number | null }): Promise<{ inside: boolean; names: string | null }> {
  const [row] = await db.query<{ inside: boolean; names: string | null }>(
    `WITH s AS (SELECT CASE WHEN $1::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) END AS geom),
     allowed AS (SELECT ST_Union(boundary) AS boundary, string_agg(name, '、' ORDER BY name) AS names FROM units WHERE id = ANY($3::int[]))
     SELECT ${INSIDE_UNITS_SQL('s.geom', '$2::int', '$3::int[]', 'a.boundary')} AS inside, a.names FROM s, allowed a`,
    [state.geometry ? JSON.stringify(state.geometry) : null, state.unitId, unitIds],
  );
  return row!;
}

export interface OutsideUnits {
  /** Per the one rule (INSIDE_UNITS_SQL): the boundary is covered by the editor's units. */
  inside: boolean;
  /** The editor's units, named. */
  allowedNames: string | null;
  /** Ellipsoidal mu of the boundary outside the editor's units. */
  outsideMu: number;
  /** The campaign's other units the outside part lies in, with the ellipsoidal mu in each, largest first. */
  units: { id: number; name: string; mu: number }[];
}

/**
 * Where a boundary being drawn leaves an editor's units: how much (ellipsoidal mu) and into which of the campaign's
 * units, so the live check can name them. The verdict itself is the save's rule (withinUnits).
 */
export async function outsideEditorUnits(db: Queryable, unitIds: number[], campaignId: number, geometry: MultiPolygon): Promise<OutsideUnits> {
  const { inside, names } = await withinUnits(db, unitIds, { geometry, unitId: null });
  if (inside) return { inside, allowedNames: names, outsideMu: 0, units: [] };
  const [row] = await db.query<{ outsideM2: number; units: { id: number; name: string; m2: number }[] | null }>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS geom),
     allowed AS (SELECT ST_Union(boundary) AS boundary FROM units WHERE id = ANY($2::int[])),
     outside AS (SELECT CASE WHEN a.boundary IS NULL THEN g.geom ELSE ST_Difference(g.geom, a.boundary) END AS geom FROM g, allowed a)
     SELECT ST_Area(o.geom::geography) AS "outsideM2",
       (SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'm2', ST_Area(ST_Intersection(u.boundary, o.geom)::geography)))
        FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
        WHERE cu.campaign_id = $3 AND NOT u.id = ANY($2::int[]) AND u.boundary && o.geom AND ST_Intersects(u.boundary, o.geom)) AS units
     FROM outside o`,
    [JSON.stringify(geometry), unitIds, campaignId],
  );
  const units = (row!.units ?? [])
    .map((u) => ({ id: u.id, name: u.name, mu: muFromM2(u.m2) }))
    .filter((u) => u.mu >= 0.005)
    .sort((a, b) => b.mu - a.mu);
  return { inside, allowedNames: names, outsideMu: muFromM2(row!.outsideM2), units };
}

/**
 * An editor may change a parcel only if it lies within their units — checked by PostGIS against the unit boundaries,
 * for the parcel as it is and as it will be. A parcel without a boundary is judged by its stored unit.
 */
export async function assertWithinUnits(db: Queryable, user: SessionUser, state: { geometry: MultiPolygon | null; unitId: number | null }, when: '修改前' | '修改后'): Promise<void> {
  if (!editLimitedToUnits(user.role)) return;
  const { inside, names } = await withinUnits(db, user.unitIds, state);
  if (!inside) throw new ApiError(403, 'outside_units', `地块${when}超出您负责的单位范围（${names ?? '无'}），不能修改`);
}
