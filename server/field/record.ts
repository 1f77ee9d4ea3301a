import { versionConflictNote, type FieldCheckInput } from '../../core/field-check.ts';
import type { Db, Queryable } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { ReceivedPhoto } from './photos.ts';

const UNIQUE_VIOLATION = '23505';

// A Buffer view (no copy) is what both drivers send as bytea.
const bytea = (content: Uint8Array) => Buffer.from(content.buffer, content.byteOffset, content.byteLength);

/** The point a longitude/latitude pair makes in SQL, or NULL when there is none. */
const POINT = (lon: string, lat: string) => `CASE WHEN ${lon}::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326) END`;

/**
 * Stores one field check and its photos in one transaction, computing in PostGIS how far the person and each photo
 * were from the parcel (geodesic metres on the spheroid, 0 inside) and whether the parcel covers them. A record whose
 * clientId is already stored is not written again: `created` is false and the stored record's id is returned.
 */
export async function recordFieldCheck(
  db: Db,
  parcelId: number,
  input: FieldCheckInput,
  photos: ReceivedPhoto[],
  actor: string,
): Promise<{ id: number; created: boolean }> {
  const existing = async (tx: Queryable) => {
    const [row] = await tx.query<{ id: number; parcelId: number }>('SELECT id, parcel_id AS "parcelId" FROM field_checks WHERE client_id = $1::uuid', [input.clientId]);
    if (row && row.parcelId !== parcelId) {
      throw new ApiError(409, 'client_id_reused', `记录编号 ${input.clientId} 已用于另一地块（${row.parcelId}）的核查记录，请重新生成`);
    }
    return row ?? null;
  };
  try {
    return await db.transaction(async (tx) => {
      // A repeat (an offline queue resending after a lost answer) is answered from what is stored, even if the parcel
      // has since been deleted: the observation was made and kept.
      const before = await existing(tx);
      if (before) return { id: before.id, created: false };
      const [parcel] = await tx.query<{ version: number; deleted: boolean }>(
        'SELECT version, deleted_at IS NOT NULL AS deleted FROM parcels WHERE id = $1 FOR SHARE',
        [parcelId],
      );
      if (!parcel) throw notFound(`地块 ${parcelId} `);
      if (parcel.deleted) throw new ApiError(409, 'parcel_deleted', `地块 ${parcelId} 已被删除，不能再记录核查；如需恢复请联系管理员`);

      const [check] = await tx.query<{ id: number }>(
        `INSERT INTO field_checks (parcel_id, client_id, state, notes, observed_at, position, accuracy_m, distance_m, inside_parcel, actor, parcel_version, conflict)
         SELECT p.id, $2::uuid, $3, $4, $5::timestamptz, pt.geom, $8::float8,
                ST_Distance(p.geom::geography, pt.geom::geography), ST_Covers(p.geom, pt.geom), $9, $10::int, $11
         FROM parcels p, (SELECT ${POINT('$6', '$7')} AS geom) pt
         WHERE p.id = $1
         RETURNING id`,
        [
          parcelId, input.clientId, input.state, input.notes, input.observedAt,
          input.position?.lon ?? null, input.position?.lat ?? null, input.position?.accuracyM ?? null,
          actor, input.parcelVersion, versionConflictNote(input.parcelVersion, parcel.version),
        ],
      );
      for (const [ordinal, photo] of photos.entries()) {
        await tx.query(
          `INSERT INTO field_check_photos (field_check_id, ordinal, mime, bytes, content, taken_at, position, distance_m, inside_parcel,
             captured_at, capture_position, capture_accuracy_m, heading_deg)
           SELECT $1, $2, $3, $4, $5, $6::timestamptz, pt.geom, ST_Distance(p.geom::geography, pt.geom::geography), ST_Covers(p.geom, pt.geom),
             $10::timestamptz, ${POINT('$11', '$12')}, $13::float8, $14::float8
           FROM parcels p, (SELECT ${POINT('$7', '$8')} AS geom) pt
           WHERE p.id = $9`,
          [
            check!.id, ordinal, photo.mime, photo.content.byteLength, bytea(photo.content), photo.takenAt, photo.position?.lon ?? null, photo.position?.lat ?? null, parcelId,
            photo.capture?.capturedAt ?? null, photo.capture?.position?.lon ?? null, photo.capture?.position?.lat ?? null, photo.capture?.position?.accuracyM ?? null, photo.capture?.headingDeg ?? null,
          ],
        );
      }
      return { id: check!.id, created: true };
    });
  } catch (error) {
    // Two sends of the same record raced (possible on PostgreSQL with several connections): the other one stored it.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      const after = await existing(db);
      if (after) return { id: after.id, created: false };
    }
    throw error;
  }
}
