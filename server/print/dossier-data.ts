import type { Geometry, MultiPolygon } from 'geojson';
import { numberedBoundary, type BoundaryRing } from '../../core/coordfile/boundary-points.ts';
import { planeProjection } from '../../core/coordfile/projection.ts';
import { zoneOfGeometry } from '../../core/area/plane.ts';
import { polygonsOf } from '../../core/area/rings.ts';
import type { FieldCheck } from '../../core/field-check.ts';
import { extentOf, fitView, type PaperView } from '../../core/print-map/view.ts';
import type { Queryable } from '../db/types.ts';
import { fieldChecksOf } from '../field/queries.ts';
import { disposalsOf, getParcel, historyOf, sharesOf, type DisposalRow, type HistoryRow, type UnitShare } from '../parcels/queries.ts';
import { parcelFeature, type ParcelFeature } from '../parcels/serialize.ts';

/** The 宗地图's frame on an A4 page (mm): the page's width inside its margins, and a little over a third of its height. */
export const DOSSIER_MAP_MM = { width: 180, height: 118 } as const;
/** Field checks printed with their photos: the newest; the rest are counted. */
export const PRINTED_CHECKS = 3;

/** What the 宗地图 shows around the parcel. */
export interface DossierMap {
  view: PaperView;
  zone: number;
  project: (lon: number, lat: number) => [number, number];
  neighbours: Array<{ id: number; code: string; category: string; status: string; geometry: Geometry }>;
  units: Array<{ name: string; boundary: Geometry }>;
}

/** Everything one parcel's dossier prints, read in one go. */
export interface DossierData {
  parcel: ParcelFeature;
  campaignName: string;
  disposals: DisposalRow[];
  history: HistoryRow[];
  units: UnitShare[];
  fieldChecks: FieldCheck[];
  /** Photo bytes of the printed checks, by photo id, as data URIs. */
  photos: Map<number, string>;
  /** The 界址点 in the parcel's Gauss–Krüger zone; empty without a boundary. */
  boundary: BoundaryRing[];
  map: DossierMap | null;
}

/** A parcel's dossier data, or null when there is no such (live) parcel. */
export async function dossierData(db: Queryable, id: number): Promise<DossierData | null> {
  const row = await getParcel(db, id);
  if (!row) return null;
  const parcel = parcelFeature(row);
  const [disposals, history, units, fieldChecks, [campaign]] = await Promise.all([
    disposalsOf(db, id),
    historyOf(db, id),
    sharesOf(db, id),
    fieldChecksOf(db, id),
    db.query<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [row.campaignId]),
  ]);
  const printedPhotoIds = fieldChecks.slice(0, PRINTED_CHECKS).flatMap((c) => c.photos.map((p) => p.id));
  const photos = new Map<number, string>();
  if (printedPhotoIds.length) {
    const rows = await db.query<{ id: number; mime: string; content: Uint8Array }>('SELECT id, mime, content FROM field_check_photos WHERE id = ANY($1::int[])', [printedPhotoIds]);
    for (const r of rows) photos.set(r.id, `data:${r.mime};base64,${Buffer.from(r.content).toString('base64')}`);
  }
  const geometry = parcel.geometry;
  let boundary: BoundaryRing[] = [];
  let map: DossierMap | null = null;
  if (geometry) {
    // The zone the parcel's plane area is stated in (the API's gaussKrugerZone), so table and areas agree.
    const zone = parcel.properties.areaMu?.gaussKrugerZone ?? zoneOfGeometry(geometry);
    const projection = planeProjection('CGCS2000', zone, 3);
    boundary = numberedBoundary(geometry, projection.toPlane);
    map = await mapAround(db, id, row.campaignId as number, geometry, zone, projection);
  }
  return { parcel, campaignName: campaign?.name ?? '', disposals, history, units, fieldChecks, photos, boundary, map };
}

async function mapAround(
  db: Queryable,
  id: number,
  campaignId: number,
  geometry: MultiPolygon,
  zone: number,
  projection: ReturnType<typeof planeProjection>,
): Promise<DossierMap> {
  const project = projection.toPlane;
  const points = polygonsOf(geometry).flatMap(([outer]) => (outer ?? []).map(([lon, lat]) => project(lon!, lat!)));
  const view = fitView(extentOf(points), DOSSIER_MAP_MM.width, DOSSIER_MAP_MM.height, 0.14);
  const { minE, minN, maxE, maxN } = view.extent;
  const corners = [projection.toLonLat(minE, minN), projection.toLonLat(maxE, minN), projection.toLonLat(maxE, maxN), projection.toLonLat(minE, maxN)];
  const lons = corners.map((c) => c[0]!);
  const lats = corners.map((c) => c[1]!);
  // A little beyond the frame, so that clipped outlines do not draw an edge along it.
  const pad = 0.02 * (Math.max(...lons) - Math.min(...lons));
  const envelope = [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad];
  const [neighbours, units] = await Promise.all([
    db.query<{ id: number; code: string; category: string; status: string; geometry: string }>(
      `SELECT p.id, p.code, p.category, p.status, ST_AsGeoJSON(ST_ClipByBox2D(p.geom, e.box), 9) AS geometry
       FROM parcels p, (SELECT ST_MakeEnvelope($2, $3, $4, $5, 4326) AS box) e
       WHERE p.deleted_at IS NULL AND p.id <> $1 AND p.geom && e.box AND ST_Intersects(p.geom, e.box) LIMIT 500`,
      [id, ...envelope],
    ),
    db.query<{ name: string; boundary: string }>(
      `SELECT u.name, ST_AsGeoJSON(ST_ClipByBox2D(ST_Boundary(u.boundary), e.box), 9) AS boundary
       FROM units u JOIN campaign_units cu ON cu.unit_id = u.id AND cu.campaign_id = $1, (SELECT ST_MakeEnvelope($2, $3, $4, $5, 4326) AS box) e
       WHERE u.boundary && e.box AND ST_Intersects(u.boundary, e.box)`,
      [campaignId, ...envelope],
    ),
  ]);
  return {
    view,
    zone,
    project,
    neighbours: neighbours.map((n) => ({ ...n, geometry: JSON.parse(n.geometry) as Geometry })),
    units: units.map((u) => ({ name: u.name, boundary: JSON.parse(u.boundary) as Geometry })),
  };
}
