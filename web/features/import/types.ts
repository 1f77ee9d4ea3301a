/** What the server's import endpoints answer (server/imports/routes.ts). */
import type { MultiPolygon } from 'geojson';
import type { AreasMu } from '../../../core/area/index.ts';
import type { AreaCheck } from '../../../core/ledger-check.ts';

/** One parcel of the file, as importing it would write it. */
export interface PreviewItem {
  index: number;
  /** Where in the file, e.g. 第 12 行起的地块. */
  source: string;
  action: 'create' | 'update';
  existing: { id: number; version: number } | null;
  parcel: { code?: string; projectName?: string; ledgerMu?: number; geometry?: MultiPolygon } & Record<string, unknown>;
  areaMu: AreasMu | null;
  statedAreaMu: number | null;
  areaCheck: AreaCheck | null;
  valid: boolean;
  errors: string[];
  warnings: string[];
}

export interface ImportPreview {
  importId: string;
  file: string;
  format: string;
  /** Problems of the file as a whole that did not stop it being read. */
  warnings: string[];
  items: PreviewItem[];
  summary: { total: number; valid: number; create: number; update: number };
}

export interface ImportResult {
  created: number[];
  updated: number[];
}
