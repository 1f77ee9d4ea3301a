/**
 * The phone's own store (IndexedDB): the units and parcels saved for offline use, and the queue of field checks
 * waiting to be sent. Everything the person recorded stays here until the server has it.
 */
import type { PhotoCapture } from '../../../../core/photo-capture.ts';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FieldState } from '../../../../core/field-check.ts';
import type { CampaignDetail, ParcelDetail } from '../../../api/types.ts';
import type { FieldCheck, FieldParcel } from '../types.ts';

export interface SavedCampaign {
  id: number;
  detail: CampaignDetail;
  unitIds: number[];
  parcelCount: number;
  bytes: number;
  savedAt: string;
  /** Basemap tiles saved with it (0 when none). */
  tileCount: number;
  /** Offline basemap packages saved with it (absent in records saved by an older app). */
  packages?: Array<{ id: string; name: string; bytes: number }>;
}

export interface QueuedPhoto {
  name: string;
  type: string;
  /** Dropped once the server has the photo, to give the phone its space back. */
  blob: Blob | null;
  bytes: number;
  takenAt: string | null;
  position: { lon: number; lat: number } | null;
  /** The phone's clock, position and heading when it was added (absent in records queued by an older app). */
  capture?: PhotoCapture | null;
}

/** queued: waiting (offline, not signed in, server unreachable); sent: the server has it; conflict: refused or flagged. */
export type QueueStatus = 'queued' | 'sent' | 'conflict';

export interface QueuedCheck {
  clientId: string;
  parcelId: number;
  campaignId: number;
  parcelCode: string;
  projectName: string;
  state: FieldState;
  notes: string;
  observedAt: string;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  parcelVersion: number | null;
  photos: QueuedPhoto[];
  status: QueueStatus;
  /** Why it is waiting or in conflict, in words for the person. */
  message: string | null;
  attempts: number;
  createdAt: string;
  result: FieldCheck | null;
}

interface FieldDb extends DBSchema {
  campaigns: { key: number; value: SavedCampaign };
  parcels: { key: number; value: FieldParcel; indexes: { campaign: number } };
  details: { key: number; value: ParcelDetail };
  queue: { key: string; value: QueuedCheck; indexes: { parcel: number } };
}

let database: Promise<IDBPDatabase<FieldDb>> | null = null;

export function fieldDb(): Promise<IDBPDatabase<FieldDb>> {
  database ??= openDB<FieldDb>('panhuo-field', 1, {
    upgrade(db) {
      db.createObjectStore('campaigns', { keyPath: 'id' });
      db.createObjectStore('parcels', { keyPath: 'id' }).createIndex('campaign', 'properties.campaignId');
      db.createObjectStore('details', { keyPath: 'id' });
      db.createObjectStore('queue', { keyPath: 'clientId' }).createIndex('parcel', 'parcelId');
    },
  });
  return database;
}
