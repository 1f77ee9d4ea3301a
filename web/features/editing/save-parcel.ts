/** Writing a parcel: create (POST) or replace (PUT, with the version the editor loaded), with the server's answers typed. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { FieldProblem } from '../../../core/parcel-input.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import type { ParcelFeature } from '../../api/types.ts';

export interface ParcelWrite {
  /** The ledger fields as `recordFromForm` gives them. */
  record: Record<string, unknown>;
  /** Always sent: a PUT replaces the whole parcel, and a missing boundary would erase the stored one. */
  geometry: Polygon | MultiPolygon | null;
}

type SaveOutcome =
  | { ok: true; parcel: ParcelFeature }
  | { ok: false; conflict: ParcelFeature }
  | { ok: false; problems: FieldProblem[]; message: string }
  | { ok: false; message: string };

export async function saveParcel(target: { campaignId: number } | { id: number; version: number }, write: ParcelWrite): Promise<SaveOutcome> {
  const body = { ...write.record, geometry: write.geometry };
  try {
    const parcel =
      'id' in target
        ? await sendJson<ParcelFeature>('PUT', `/api/parcels/${target.id}`, { ...body, version: target.version })
        : await sendJson<ParcelFeature>('POST', '/api/parcels', { ...body, campaignId: target.campaignId });
    return { ok: true, parcel: parcel! };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The current record comes as a Feature; a deleted parcel comes as a bare snapshot, with nothing to compare.
    const current = error.extra.current as Partial<ParcelFeature> | undefined;
    if (error.code === 'version_conflict' && current?.properties) return { ok: false, conflict: current as ParcelFeature };
    if (error.code === 'invalid_parcel' && Array.isArray(error.extra.problems)) {
      return { ok: false, problems: error.extra.problems as FieldProblem[], message: error.message };
    }
    if (error.code === 'duplicate_code') return { ok: false, problems: [{ field: 'code', message: error.message }], message: error.message };
    return { ok: false, message: error.message };
  }
}
