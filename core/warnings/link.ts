import type { Warning } from './types.ts';

/**
 * Where a warning leads in the web app: its parcel selected on the map, or for a unit's warning the map filtered to
 * that unit (the workspace's URL state: campaign, parcel, unit).
 */
export function warningPath(campaignId: number, w: Pick<Warning, 'parcelId' | 'unitId'>): string {
  if (w.parcelId != null) return `/?campaign=${campaignId}&parcel=${w.parcelId}`;
  if (w.unitId != null) return `/?campaign=${campaignId}&unit=${w.unitId}`;
  return `/?campaign=${campaignId}`;
}
