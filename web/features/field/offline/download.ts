/**
 * "离线保存": a campaign's chosen units with their boundaries, every parcel in them with its ledger record and page
 * (history, disposals, field checks), into IndexedDB. The size is estimated first from one real parcel of each
 * unit, so the person knows what it costs before the download starts.
 */
import { getJson, query } from '../../../api/client.ts';
import type { CampaignDetail, ParcelDetail } from '../../../api/types.ts';
import type { FieldParcel } from '../types.ts';
import { fieldDb, type SavedCampaign } from './db.ts';

export interface Estimate {
  parcels: number;
  bytes: number;
}

/** A parcel's page is its feature plus history, disposals and checks: about this many times the feature alone. */
const DETAIL_FACTOR = 2.5;

const bytesOf = (value: unknown) => new Blob([JSON.stringify(value)]).size;

export async function estimate(campaign: CampaignDetail, unitIds: number[], signal?: AbortSignal): Promise<Estimate> {
  let parcels = 0;
  let bytes = bytesOf(campaign);
  for (const unit of unitIds) {
    const sample = await getJson<{ total: number; features: FieldParcel[] }>(`/api/parcels${query({ campaign: campaign.id, unit, limit: 1 })}`, signal);
    parcels += sample.total;
    if (sample.features[0]) bytes += sample.total * bytesOf(sample.features[0]) * (1 + DETAIL_FACTOR);
  }
  return { parcels, bytes: Math.round(bytes) };
}

export interface Progress {
  done: number;
  total: number;
  stage: string;
}

/** Downloads and saves; a parcel lying in two chosen units is saved once. Returns the bytes saved. */
export async function saveUnits(campaign: CampaignDetail, unitIds: number[], onProgress: (p: Progress) => void, signal: AbortSignal): Promise<{ parcels: number; bytes: number }> {
  const parcels = new Map<number, FieldParcel>();
  let step = 0;
  for (const unit of unitIds) {
    onProgress({ done: step, total: unitIds.length, stage: '正在下载地块清单' });
    const list = await getJson<{ features: FieldParcel[] }>(`/api/parcels${query({ campaign: campaign.id, unit, limit: 5000 })}`, signal);
    for (const feature of list.features) parcels.set(feature.properties.id, feature);
    step++;
  }
  const ids = [...parcels.keys()];
  const details: ParcelDetail[] = [];
  let done = 0;
  const worker = async () => {
    while (ids.length) {
      if (signal.aborted) throw new DOMException('已取消', 'AbortError');
      details.push(await getJson<ParcelDetail>(`/api/parcels/${ids.pop()!}`, signal));
      onProgress({ done: ++done, total: parcels.size, stage: '正在下载地块台账' });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));

  // One transaction: a saved area is either complete or not there at all.
  const db = await fieldDb();
  const tx = db.transaction(['campaigns', 'parcels', 'details'], 'readwrite');
  const bytes = bytesOf(campaign) + bytesOf([...parcels.values()]) + bytesOf(details);
  const old = await tx.objectStore('parcels').index('campaign').getAllKeys(campaign.id);
  for (const id of old) {
    await tx.objectStore('parcels').delete(id);
    await tx.objectStore('details').delete(id);
  }
  for (const parcel of parcels.values()) await tx.objectStore('parcels').put(parcel);
  for (const detail of details) await tx.objectStore('details').put(detail);
  const previous = await tx.objectStore('campaigns').get(campaign.id);
  await tx.objectStore('campaigns').put({
    id: campaign.id,
    detail: campaign,
    unitIds,
    parcelCount: parcels.size,
    bytes,
    savedAt: new Date().toISOString(),
    tileCount: previous?.tileCount ?? 0,
    packages: previous?.packages ?? [],
  });
  await tx.done;
  return { parcels: parcels.size, bytes };
}

export async function recordBasemaps(campaignId: number, tileCount: number, packages: SavedCampaign['packages']): Promise<void> {
  const db = await fieldDb();
  const saved = await db.get('campaigns', campaignId);
  if (saved) await db.put('campaigns', { ...saved, tileCount: tileCount || saved.tileCount, packages });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
