import type { Geometry } from 'geojson';
import type { IsoDate } from '../../core/dates.ts';
import { planeProjection, zoneOfLongitude } from '../../core/coordfile/projection.ts';
import { linesOf } from '../../core/print-map/svg.ts';
import { extentOf, fitView, THEMATIC_SCALES, type PaperView } from '../../core/print-map/view.ts';
import { campaignProgress, type Progress } from '../campaigns/progress.ts';
import { campaignUnits, type CampaignSummary } from '../campaigns/queries.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import type { Queryable } from '../db/types.ts';

/** The most parcels one thematic map draws; beyond it the map says how many are left out (none are at 1,000s). */
const MAX_PARCELS = 20_000;

export interface ThematicData {
  campaign: CampaignSummary;
  /** The unit the map is of, or null for the whole campaign. */
  unit: { id: number; name: string } | null;
  date: IsoDate;
  progress: Progress;
  units: Array<{ id: number; name: string; geometry: Geometry | null; label: [number, number] | null }>;
  parcels: Array<{ category: string; status: string; geometry: Geometry }>;
  parcelCount: number;
  /** The map on paper; null when nothing has a boundary (Anze's towns). */
  view: PaperView | null;
  project: (lon: number, lat: number) => [number, number];
  zone: number;
}

/**
 * What a thematic map shows: the campaign's (or one unit's) units with their pace on the date, and its parcels with
 * category and status, fitted to a map frame of the given size in the Gauss–Krüger zone of the area's middle.
 */
export async function thematicData(db: Queryable, campaign: CampaignSummary, unitId: number | null, date: IsoDate, frameMm: { width: number; height: number }): Promise<ThematicData> {
  const [allUnits, progress] = await Promise.all([campaignUnits(db, campaign.id), campaignProgress(db, campaign, date)]);
  const units = allUnits
    .filter((u) => unitId === null || u.properties.id === unitId)
    .map((u) => ({ id: u.properties.id, name: u.properties.name, geometry: u.geometry, label: u.properties.labelPoint }));
  const unit = unitId === null ? null : (units[0] ?? null);
  const where = [inCampaign('p', '$1'), 'p.deleted_at IS NULL', 'p.geom IS NOT NULL'];
  const values: unknown[] = [campaign.id];
  if (unitId !== null) {
    values.push(unitId);
    where.push('EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = p.id AND s.unit_id = $2)');
  }
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p WHERE ${where.join(' AND ')}`, values);
  const rows = await db.query<{ category: string; status: string; geometry: string }>(
    `SELECT p.category, p.status, ST_AsGeoJSON(p.geom, 6) AS geometry FROM parcels p WHERE ${where.join(' AND ')} ORDER BY p.id LIMIT ${MAX_PARCELS}`,
    values,
  );
  const parcels = rows.map((r) => ({ category: r.category, status: r.status, geometry: JSON.parse(r.geometry) as Geometry }));
  // The area to show: the units' boundaries, or the parcels where no unit has one.
  const shapes = units.some((u) => u.geometry) ? units.flatMap((u) => (u.geometry ? [u.geometry] : [])) : parcels.map((p) => p.geometry);
  const lonLats = shapes.flatMap((g) => linesOf(g).rings.flat());
  const meanLon = lonLats.length ? lonLats.reduce((s, p) => s + p[0]!, 0) / lonLats.length : 114;
  const zone = zoneOfLongitude(meanLon, 3);
  const project = planeProjection('CGCS2000', zone, 3).toPlane;
  const view = lonLats.length ? fitView(extentOf(lonLats.map(([lon, lat]) => project(lon!, lat!))), frameMm.width, frameMm.height, 0.03, THEMATIC_SCALES) : null;
  return { campaign, unit, date, progress, units, parcels, parcelCount: count!.n, view, project, zone };
}
