import type { MultiPolygon } from 'geojson';
import type { GaussKrugerZone, ZoneFinding } from '../../../core/coordfile/zone-inference.ts';
import type { SourceCrs } from '../../../core/coords/source-crs.ts';

/** One parcel as a file gives it, before any checking: raw attributes and a boundary in CGCS2000 lon/lat. */
export interface ImportCandidate {
  /** 1-based position in the file. */
  index: number;
  /** Where in the file, in words: "第 12 行", "第 3 个要素". */
  source: string;
  attributes: Record<string, unknown>;
  geometry: MultiPolygon | null;
  /** The area the file itself states, in mu (the coordinate file's 地块面积), to compare with ours. */
  statedAreaMu: number | null;
  errors: string[];
  warnings: string[];
}

/** The text encoding a reader used, and how it was chosen (text-encoding.ts), for the preview to show. */
export interface TextEncodingUsed {
  name: string;
  how: string;
}

/** What the person chose in the preview about how to read the file (form fields of the preview request). */
export interface ReadOptions {
  /** The person's choice of text encoding (form field encoding) for formats that carry text; null: each reader finds it. */
  encoding: string | null;
  /** Zone for Gauss–Krüger coordinates without a zone prefix (form fields zone, zoneWidth); null: infer it. */
  zone: GaussKrugerZone | null;
  /** DXF layers to read (form field layers); null: every layer with parcels. */
  layers: string[] | null;
  /** The coordinate system lon/lat coordinates are in (form field sourceCrs); null: as the file suggests. */
  sourceCrs: SourceCrs | null;
  /** The campaign's unit boundaries (CGCS2000 lon/lat), to infer the zone of coordinates that carry none. */
  area: MultiPolygon[];
}

export const NO_READ_OPTIONS: ReadOptions = { encoding: null, zone: null, layers: null, sourceCrs: null, area: [] };

/** How the file's coordinates were read, shown in the preview where the person can change it. */
export interface CoordinateReport {
  /** Gauss–Krüger metres without CRS (DXF, coordinate tables): the zone used, and whether X and Y were swapped. */
  zone?: ZoneFinding & { swapped: boolean };
  /** Longitude/latitude files: the source system used, what the file suggested and why (set by source-crs.ts). */
  sourceCrs?: { value: SourceCrs; suggested: SourceCrs | null; reason: string | null };
  /** DXF: the layers with their closed shapes and texts, and whether each was read. */
  layers?: Array<{ name: string; shapes: number; texts: number; selected: boolean }>;
}

/** A lon/lat file's own word on where it came from (a consumer map app), found by its reader. */
export interface OriginHint {
  suggested: SourceCrs;
  reason: string;
}

export type ReadResult =
  | { ok: true; format: string; candidates: ImportCandidate[]; warnings: string[]; encoding?: TextEncodingUsed; coordinates?: CoordinateReport; lonLat?: { hint: OriginHint | null } }
  | { ok: false; errors: string[] };

export type ReadSuccess = Extract<ReadResult, { ok: true }>;

export const fail = (...errors: string[]): ReadResult => ({ ok: false, errors });
