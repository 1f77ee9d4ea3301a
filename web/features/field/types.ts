/** What the field app reads from the server, beyond the main app's types. */
import type { ParcelFeature } from '../../api/types.ts';

export type { FieldCheck, FieldCheckPhoto, FieldState } from '../../../core/field-check.ts';

/** A parcel from a search: with `near`, the server adds the geodesic distance in metres. */
export type FieldParcel = ParcelFeature & { properties: ParcelFeature['properties'] & { distanceM?: number } };


/** A position from the browser's geolocation (WGS84, which we treat as CGCS2000: they differ by centimetres). */
export interface Fix {
  lon: number;
  lat: number;
  /** Metres, 95% radius as the browser reports it. */
  accuracyM: number;
  /** Degrees clockwise from north, only while moving on most phones. */
  headingDeg: number | null;
  at: number;
}
