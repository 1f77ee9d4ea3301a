/**
 * Parcels for the field app: from the server when it answers, else from what was saved on the phone. A weak signal
 * is the normal case at the roadside, so "no network" is a fallback, not an error.
 */
import { approach, type LonLat } from '../../../core/geodesy.ts';
import { ApiError, getJson, query } from '../../api/client.ts';
import type { CampaignDetail, ParcelDetail } from '../../api/types.ts';
import { fieldDb } from './offline/db.ts';
import type { FieldParcel } from './types.ts';

export interface Found {
  parcels: FieldParcel[];
  /** The answer came from the phone's saved copy. */
  offline: boolean;
}

const isNetworkError = (error: unknown) => error instanceof ApiError && error.code === 'network';

/** Metres from a position to a parcel's boundary (0 inside), or null without a boundary. */
export function distanceTo(position: LonLat, parcel: FieldParcel): number | null {
  return parcel.geometry ? approach(position, parcel.geometry).nearest.distanceM : null;
}

function matches(parcel: FieldParcel, term: string): boolean {
  const p = parcel.properties;
  return [p.code, p.projectName, p.supervisionNumber, p.landUser, p.approvalBatch, p.approvalNumber, p.unitName].some(
    (value) => typeof value === 'string' && value.toLowerCase().includes(term),
  );
}

function byDistance(parcels: FieldParcel[], near: LonLat): FieldParcel[] {
  return parcels
    .map((parcel) => ({ parcel, d: distanceTo(near, parcel) ?? Infinity }))
    .sort((a, b) => a.d - b.d)
    .map(({ parcel }) => parcel);
}

async function searchSaved(campaignId: number, term: string, near: LonLat | null, limit: number): Promise<FieldParcel[]> {
  const all = await (await fieldDb()).getAllFromIndex('parcels', 'campaign', campaignId);
  const hits = term ? all.filter((parcel) => matches(parcel, term.toLowerCase())) : all;
  return (near ? byDistance(hits, near) : hits.sort((a, b) => a.properties.code.localeCompare(b.properties.code))).slice(0, limit);
}

/** Parcels matching `text` (any part of 电子监管号, code, project, land user, batch, unit), nearest first when `near` is known. */
export async function searchParcels(campaignId: number, text: string, near: LonLat | null, limit: number, signal?: AbortSignal): Promise<Found> {
  const term = text.trim();
  try {
    const answer = await getJson<{ features: FieldParcel[] }>(
      `/api/parcels${query({ campaign: campaignId, q: term || null, near: near ? `${near.lon.toFixed(6)},${near.lat.toFixed(6)}` : null, limit })}`,
      signal,
    );
    return { parcels: near ? byDistance(answer.features, near) : answer.features, offline: false };
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    return { parcels: await searchSaved(campaignId, term, near, limit), offline: true };
  }
}

/** A parcel's page; a saved copy when offline. Online answers refresh the saved copy of a saved parcel. */
export async function loadParcel(id: number, signal?: AbortSignal): Promise<{ detail: ParcelDetail; offline: boolean }> {
  const db = await fieldDb();
  try {
    const detail = await getJson<ParcelDetail>(`/api/parcels/${id}`, signal);
    if (await db.getKey('parcels', id)) await db.put('details', detail);
    return { detail, offline: false };
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    const saved = (await db.get('details', id)) ?? (await db.get('parcels', id));
    if (!saved) throw new ApiError('离线状态下无法打开此地块：它不在已离线保存的单位中', 'offline', 0);
    return { detail: { disposals: [], disposedMu: 0, history: [], units: [], fieldChecks: [], ...saved }, offline: true };
  }
}

/** The campaign with its unit boundaries; the saved copy when offline. */
export async function loadCampaign(id: number, signal?: AbortSignal): Promise<CampaignDetail> {
  try {
    return await getJson<CampaignDetail>(`/api/campaigns/${id}`, signal);
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    const saved = await (await fieldDb()).get('campaigns', id);
    if (!saved) throw error;
    return saved.detail;
  }
}

/** Every saved parcel of a campaign, for the map when the parcel tiles cannot be fetched. */
export async function savedParcels(campaignId: number): Promise<FieldParcel[]> {
  return (await fieldDb()).getAllFromIndex('parcels', 'campaign', campaignId);
}
