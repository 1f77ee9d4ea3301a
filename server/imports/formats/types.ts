import type { MultiPolygon } from 'geojson';

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

export type ReadResult =
  | { ok: true; format: string; candidates: ImportCandidate[]; warnings: string[]; encoding?: TextEncodingUsed }
  | { ok: false; errors: string[] };

export const fail = (...errors: string[]): ReadResult => ({ ok: false, errors });
