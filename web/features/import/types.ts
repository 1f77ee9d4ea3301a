/** What the server's import endpoints answer (server/imports/routes.ts): the server's own types, imported as types. */
import type { MultiPolygon } from 'geojson';
import type { CoordinateReport, TextEncodingUsed } from '../../../server/imports/formats/types.ts';
import type { PreviewItem as ServerPreviewItem } from '../../../server/imports/preview.ts';

export type { CoordinateReport, TextEncodingUsed };

/** One parcel of the file, as importing it would write it. */
export type PreviewItem = Omit<ServerPreviewItem, 'parcel'> & {
  parcel: { code?: string; projectName?: string; ledgerMu?: number; geometry?: MultiPolygon } & Record<string, unknown>;
};

export interface ImportPreview {
  importId: string;
  file: string;
  format: string;
  /** The text encoding the names were read with and why; null for formats without text of their own (.xlsx). */
  encoding: TextEncodingUsed | null;
  /** Problems of the file as a whole that did not stop it being read. */
  warnings: string[];
  /** How the coordinates were read (zone, source system, layers), where the person can change it; null: nothing to choose. */
  coordinates: CoordinateReport | null;
  items: PreviewItem[];
  /** The campaign's overlap threshold, mu: overlaps above it must be confirmed before the commit. */
  overlapThresholdMu: number;
  summary: { total: number; valid: number; create: number; update: number };
}

export interface ImportResult {
  created: number[];
  updated: number[];
}
