import type { Geometry, MultiPolygon } from 'geojson';
import { numberedBoundary, type BoundaryRing } from '../../core/coordfile/boundary-points.ts';
import { planeProjection } from '../../core/coordfile/projection.ts';
import { zoneOfGeometry } from '../../core/area/plane.ts';
import { polygonsOf } from '../../core/area/rings.ts';
import type { FieldCheck } from '../../core/field-check.ts';
import { extentOf, fitView, type PaperView } from '../../core/print-map/view.ts';
import type { Queryable } from '../db/types.ts';
import { fieldChecksOf } from '../field/queries.ts';
import { parcelsWithRecords, type DisposalRow, type HistoryRow, type UnitShare } from '../parcels/queries.ts';
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
  neighbours: Array<{ code: string; category: string; geometry: Geometry }>;
  units: Array<{ name: string; boundary: Geometry }>;
}

/** Everything one parcel's dossier prints. */
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
  return (await dossiersData(db, [id]))[0] ?? null;
}

/**
 * The dossier data of many parcels, read set by set (a handful of queries for a whole batch, not a handful per
 * parcel), in the order of `ids`; ids of parcels not there (or deleted) are left out.
 */
export async function dossiersData(db: Queryable, ids: number[]): Promise<DossierData[]> {
  const records = await parcelsWithRecords(db, ids);
  const byId = new Map(records.rows.map((r) => [r.id, r]));
  const found = ids.filter((id) => byId.has(id));
  const [campaigns, withChecks] = await Promise.all([
    db.query<{ id: number; name: string }>('SELECT id, name FROM campaigns'),
    db.query<{ id: number }>('SELECT DISTINCT parcel_id AS id FROM field_checks WHERE parcel_id = ANY($1::int[])', [found]),
  ]);
  // Field checks are few (a parcel or two in a hundred): read per parcel that has any.
  const checks = new Map<number, FieldCheck[]>();
  for (const { id } of withChecks) checks.set(id, await fieldChecksOf(db, id));
  const photos = await printedPhotos(db, [...checks.values()].flatMap((list) => list.slice(0, PRINTED_CHECKS).flatMap((c) => c.photos.map((p) => p.id))));

  const drawn = found.map((id) => {
    const parcel = parcelFeature(byId.get(id)!);
    const geometry = parcel.geometry;
    if (!geometry) return { id, parcel, frame: null };
    // The zone the parcel's plane area is stated in (the API's gaussKrugerZone), so table and areas agree.
    const zone = parcel.properties.areaMu?.gaussKrugerZone ?? zoneOfGeometry(geometry);
    const projection = planeProjection('CGCS2000', zone, 3);
    return { id, parcel, frame: { zone, projection, boundary: numberedBoundary(geometry, projection.toPlane), ...frameOf(geometry, projection) } };
  });
  const surroundings = await surroundingsOf(
    db,
    drawn.flatMap((d) => (d.frame ? [{ id: d.id, campaignId: d.parcel.properties.campaignId as number, envelope: d.frame.envelope }] : [])),
  );
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  return drawn.map(({ id, parcel, frame }) => ({
    parcel,
    campaignName: campaignName.get(parcel.properties.campaignId as number) ?? '',
    disposals: (records.disposals.get(id) ?? []) as DisposalRow[],
    history: (records.history.get(id) ?? []) as HistoryRow[],
    units: (records.shares.get(id) ?? []) as UnitShare[],
    fieldChecks: checks.get(id) ?? [],
    photos,
    boundary: frame?.boundary ?? [],
    map: frame
      ? { view: frame.view, zone: frame.zone, project: frame.projection.toPlane, neighbours: surroundings.neighbours.get(id) ?? [], units: surroundings.units.get(id) ?? [] }
      : null,
  }));
}

async function printedPhotos(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  const photos = new Map<number, string>();
  if (!ids.length) return photos;
  const rows = await db.query<{ id: number; mime: string; content: Uint8Array }>('SELECT id, mime, content FROM field_check_photos WHERE id = ANY($1::int[])', [ids]);
  for (const r of rows) photos.set(r.id, `data:${r.mime};base64,${Buffer.from(r.content).toString('base64')}`);
  return photos;
}

/** The map's view of a parcel at a round scale, and the lon/lat envelope (a little beyond the frame) to read around it. */
function frameOf(geometry: MultiPolygon, projection: ReturnType<typeof planeProjection>) {
  const points = polygonsOf(geometry).flatMap(([outer]) => (outer ?? []).map(([lon, lat]) => projection.toPlane(lon!, lat!)));
  const view = fitView(extentOf(points), DOSSIER_MAP_MM.width, DOSSIER_MAP_MM.height, 0.14);
  const { minE, minN, maxE, maxN } = view.extent;
  const corners = [projection.toLonLat(minE, minN), projection.toLonLat(maxE, minN), projection.toLonLat(maxE, maxN), projection.toLonLat(minE, maxN)];
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  // Beyond the frame, so that clipped outlines do not draw an edge along it.
  const pad = 0.02 * (Math.max(...lons) - Math.min(...lons));
  const envelope: [number, number, number, number] = [Math.min(...lons) - pad, Math.min(...lats) - pad, Math.max(...lons) + pad, Math.max(...lats) + pad];
  return { view, envelope };
}

/** The neighbouring parcels and the campaign's unit boundaries inside each parcel's map envelope, clipped to it. */
async function surroundingsOf(db: Queryable, frames: Array<{ id: number; campaignId: number; envelope: [number, number, number, number] }>) {
  const neighbours = new Map<number, DossierMap['neighbours']>();
  const units = new Map<number, DossierMap['units']>();
  if (!frames.length) return { neighbours, units };
  const columns = [frames.map((f) => f.id), frames.map((f) => f.campaignId), ...[0, 1, 2, 3].map((i) => frames.map((f) => f.envelope[i]))];
  const boxes = `boxes AS (SELECT id, campaign_id, ST_MakeEnvelope(x0, y0, x1, y1, 4326) AS box
    FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[], $5::float8[], $6::float8[]) AS t(id, campaign_id, x0, y0, x1, y1))`;
  const [parcelRows, unitRows] = await Promise.all([
    db.query<{ forId: number; code: string; category: string; geometry: string }>(
      `WITH ${boxes} SELECT b.id AS "forId", p.code, p.category, ST_AsGeoJSON(ST_ClipByBox2D(p.geom, b.box), 9) AS geometry
       FROM boxes b JOIN parcels p ON p.geom && b.box AND p.id <> b.id AND p.deleted_at IS NULL AND ST_Intersects(p.geom, b.box)`,
      columns,
    ),
    db.query<{ forId: number; name: string; boundary: string }>(
      `WITH ${boxes} SELECT b.id AS "forId", u.name, ST_AsGeoJSON(ST_ClipByBox2D(ST_Boundary(u.boundary), b.box), 9) AS boundary
       FROM boxes b JOIN campaign_units cu ON cu.campaign_id = b.campaign_id JOIN units u ON u.id = cu.unit_id
       WHERE u.boundary && b.box AND ST_Intersects(u.boundary, b.box)`,
      columns,
    ),
  ]);
  for (const r of parcelRows) {
    const list = neighbours.get(r.forId) ?? [];
    list.push({ code: r.code, category: r.category, geometry: JSON.parse(r.geometry) as Geometry });
    neighbours.set(r.forId, list);
  }
  for (const r of unitRows) {
    const list = units.get(r.forId) ?? [];
    list.push({ name: r.name, boundary: JSON.parse(r.boundary) as Geometry });
    units.set(r.forId, list);
  }
  return { neighbours, units };
}
