/** Download addresses of the export endpoint: the parcels the filters show, or one parcel. */
import { query } from '../../api/client.ts';
import type { ParcelFilters } from '../filters/parcel-filters.ts';

export const EXPORT_FORMATS = [
  { key: 'geojson', label: 'GeoJSON', hint: '.geojson' },
  { key: 'coordfile', label: '界址点坐标文件', hint: '.txt，GBK；跨带时每带一个文件，打包为 .zip' },
  { key: 'shapefile', label: 'Shapefile', hint: '.zip' },
  { key: 'xlsx', label: 'Excel 台账', hint: '.xlsx' },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['key'];

const ENDPOINT = '/api/exports/parcels';

/** The campaign's parcels as the filter column shows them (the same parameters as the parcel list). */
export function filteredExportUrl(format: ExportFormat, campaignId: number, filters: ParcelFilters): string {
  return ENDPOINT + query({ format, campaign: campaignId, unit: filters.unitId, category: filters.categories, status: filters.statuses });
}

export function parcelExportUrl(format: ExportFormat, parcelId: number): string {
  return ENDPOINT + query({ format, ids: String(parcelId) });
}
