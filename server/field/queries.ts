import type { FeatureCollection, Point } from 'geojson';
import { FIELD_STATE_LABELS, photoPositionCheck, type FieldCheck, type FieldCheckPhoto, type FieldCheckPointProperties, type FieldState } from '../../core/field-check.ts';
import { exifMissing } from '../../core/photo-capture.ts';
import type { Queryable } from '../db/types.ts';
import type { Bbox } from '../http/params.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
// Metres to a decimetre: finer would claim a precision neither GPS nor the boundary has.
const METRES = (column: string) => `round(${column}::numeric, 1)::float8`;

/** A field check as selected: its position as columns, its photos apart. */
interface CheckRow extends Omit<FieldCheck, 'position' | 'photos'> {
  lon: number | null;
  lat: number | null;
  accuracyM: number | null;
}

/** A photo as selected: its position as columns, with the check it belongs to. */
interface PhotoRow extends Omit<FieldCheckPhoto, 'url' | 'position' | 'positionCheck' | 'exifMissing' | 'capture'> {
  fieldCheckId: number;
  lon: number | null;
  lat: number | null;
  capturedAt: string | null;
  captureLon: number | null;
  captureLat: number | null;
  captureAccuracyM: number | null;
  headingDeg: number | null;
}

const CHECK_COLUMNS = `
  f.id, f.parcel_id AS "parcelId", f.client_id::text AS "clientId", f.state, f.notes, ${ISO('f.observed_at')} AS "observedAt",
  ST_X(f.position) AS lon, ST_Y(f.position) AS lat, f.accuracy_m AS "accuracyM", ${METRES('f.distance_m')} AS "distanceM",
  f.inside_parcel AS "insideParcel", f.actor, ${ISO('f.created_at')} AS "createdAt", f.parcel_version AS "parcelVersion", f.conflict`;

function photo(row: PhotoRow): FieldCheckPhoto {
  return {
    id: row.id,
    url: `/api/field-checks/photos/${row.id}`,
    mime: row.mime,
    bytes: row.bytes,
    takenAt: row.takenAt,
    position: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    distanceM: row.distanceM,
    insideParcel: row.insideParcel,
    positionCheck: photoPositionCheck(row.distanceM, row.insideParcel),
    exifMissing: exifMissing({ takenAt: row.takenAt, position: row.lon }),
    capture:
      row.capturedAt === null && row.captureLon === null && row.headingDeg === null
        ? null
        : {
            capturedAt: row.capturedAt,
            position: row.captureLon === null || row.captureLat === null ? null : { lon: row.captureLon, lat: row.captureLat, accuracyM: row.captureAccuracyM },
            headingDeg: row.headingDeg,
          },
  };
}

async function withPhotos(db: Queryable, rows: CheckRow[]): Promise<FieldCheck[]> {
  if (!rows.length) return [];
  const photos = await db.query<PhotoRow>(
    `SELECT id, field_check_id AS "fieldCheckId", mime, bytes, ${ISO('taken_at')} AS "takenAt", ST_X(position) AS lon, ST_Y(position) AS lat,
       ${METRES('distance_m')} AS "distanceM", inside_parcel AS "insideParcel",
       ${ISO('captured_at')} AS "capturedAt", ST_X(capture_position) AS "captureLon", ST_Y(capture_position) AS "captureLat",
       capture_accuracy_m AS "captureAccuracyM", heading_deg AS "headingDeg"
     FROM field_check_photos WHERE field_check_id = ANY($1::int[]) ORDER BY field_check_id, ordinal`,
    [rows.map((r) => r.id)],
  );
  return rows.map(({ lon, lat, accuracyM, ...r }) => ({
    ...r,
    position: lon === null || lat === null ? null : { lon, lat, accuracyM },
    photos: photos.filter((p) => p.fieldCheckId === r.id).map(photo),
  }));
}

/** A parcel's field checks, newest observation first, with their photos (metadata only). */
export async function fieldChecksOf(db: Queryable, parcelId: number): Promise<FieldCheck[]> {
  const rows = await db.query<CheckRow>(`SELECT ${CHECK_COLUMNS} FROM field_checks f WHERE f.parcel_id = $1 ORDER BY f.observed_at DESC, f.id DESC`, [parcelId]);
  return withPhotos(db, rows);
}

export async function fieldCheckByClientId(db: Queryable, clientId: string): Promise<FieldCheck | null> {
  const rows = await db.query<CheckRow>(`SELECT ${CHECK_COLUMNS} FROM field_checks f WHERE f.client_id = $1::uuid`, [clientId]);
  return (await withPhotos(db, rows))[0] ?? null;
}

/** The most points one map request returns: the newest checks first. */
export const MAX_POINTS = 5000;

/**
 * Field checks of live parcels as map points: where the person stood, or a point on the parcel's surface when the
 * check has no position (always inside the parcel, unlike its centroid).
 */
export async function fieldCheckPoints(db: Queryable, filter: { campaignId: number | null; bbox: Bbox | null }): Promise<FeatureCollection<Point, FieldCheckPointProperties>> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['p.deleted_at IS NULL', 'COALESCE(f.position, p.geom) IS NOT NULL'];
  if (filter.campaignId !== null) where.push(inCampaign('p', param(filter.campaignId)));
  if (filter.bbox) where.push(`COALESCE(f.position, ST_PointOnSurface(p.geom)) && ST_MakeEnvelope(${filter.bbox.map(param).join(', ')}, 4326)`);
  const rows = await db.query<{ id: number; parcelId: number; state: FieldState; observedAt: string; actor: string; photoCount: number; point: string }>(
    `SELECT f.id, f.parcel_id AS "parcelId", f.state, ${ISO('f.observed_at')} AS "observedAt", f.actor,
       (SELECT count(*)::int FROM field_check_photos ph WHERE ph.field_check_id = f.id) AS "photoCount",
       ST_AsGeoJSON(COALESCE(f.position, ST_PointOnSurface(p.geom)), 7) AS point
     FROM field_checks f JOIN parcels p ON p.id = f.parcel_id
     WHERE ${where.join(' AND ')}
     ORDER BY f.observed_at DESC, f.id DESC LIMIT ${MAX_POINTS}`,
    params,
  );
  return {
    type: 'FeatureCollection',
    features: rows.map(({ point, ...r }) => ({
      type: 'Feature',
      id: r.id,
      geometry: JSON.parse(point) as Point,
      properties: { ...r, stateLabel: FIELD_STATE_LABELS[r.state] },
    })),
  };
}

/** A stored photo's bytes and type, or null. */
export async function photoContent(db: Queryable, id: number): Promise<{ mime: string; content: Uint8Array } | null> {
  const [row] = await db.query<{ mime: string; content: Uint8Array }>('SELECT mime, content FROM field_check_photos WHERE id = $1', [id]);
  return row ?? null;
}
