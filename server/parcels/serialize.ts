import type { Feature, MultiPolygon } from 'geojson';
import { sphericalAreaMu } from '../../core/area/spherical.ts';
import { checkLedgerArea, type AreaCheck } from '../../core/ledger-check.ts';

/** A row selected with PARCEL_COLUMNS. */
export interface ParcelRow {
  id: number;
  ledgerMu: number;
  ellipsoidalMu: number | null;
  planeMu: number | null;
  gaussKrugerZone: number | null;
  geometryJson: string | null;
  toleranceRelative: number;
  toleranceAbsoluteMu: number;
  [field: string]: unknown;
}

export interface ParcelAreas {
  areaMu: { ellipsoidal: number; plane: number; spherical: number; gaussKrugerZone: number } | null;
  areaCheck: AreaCheck | null;
}

/**
 * A parcel as a GeoJSON Feature: its ledger fields, its three areas in mu (ellipsoidal and plane from PostGIS,
 * spherical from Turf as the browser computes it) and the ledger check against the ellipsoidal area.
 */
export type ParcelFeature = Feature<MultiPolygon | null, Record<string, unknown> & ParcelAreas & { id: number; ledgerMu: number }>;

export function parcelFeature(row: ParcelRow): ParcelFeature {
  const { geometryJson, toleranceRelative, toleranceAbsoluteMu, ellipsoidalMu, planeMu, gaussKrugerZone, ...fields } = row;
  const geometry = geometryJson ? (JSON.parse(geometryJson) as MultiPolygon) : null;
  const areas: ParcelAreas =
    geometry && ellipsoidalMu != null && planeMu != null && gaussKrugerZone != null
      ? {
          areaMu: { ellipsoidal: ellipsoidalMu, plane: planeMu, spherical: sphericalAreaMu(geometry), gaussKrugerZone },
          areaCheck: checkLedgerArea(row.ledgerMu, ellipsoidalMu, { relative: toleranceRelative, absoluteMu: toleranceAbsoluteMu }),
        }
      : { areaMu: null, areaCheck: null };
  return { type: 'Feature', id: row.id, geometry, properties: { ...fields, ...areas } };
}
