/**
 * The set-up and monitoring endpoints' answers (the server's own types, imported as types only and erased at build
 * time, so the two cannot drift apart), and sending forms with files to them.
 */
import type { SheetProblem } from '../../../core/campaign-setup/cells.ts';
import type { MonitoringComparison, MonitoringList } from '../../../core/monitoring.ts';
import type { Tolerance } from '../../../core/ledger-check.ts';
import type { Difference } from '../../../core/reconcile.ts';
import type { UnitsPreview as ServerUnitsPreview } from '../../../server/campaign-setup/units-preview.ts';
import { ApiError, currentCsrfToken, errorOf } from '../../api/client.ts';

export type { Piece } from '../../../server/campaign-setup/geometry.ts';
export type { UnitOverlap, UnitPreviewItem } from '../../../server/campaign-setup/units-preview.ts';

/** The units preview, with the id to commit it by (null while it cannot be committed). */
export interface UnitsPreview extends ServerUnitsPreview {
  previewId: string | null;
}

/** One sheet of the task preview, its lines read loosely: one table component shows all three kinds. */
export interface SheetPreview {
  fileName: string;
  lines: Array<{ row: number; label: string; unitCode: string | null } & Record<string, unknown>>;
  problems: SheetProblem[];
}

export interface TasksPreview {
  previewId: string | null;
  annex2: SheetPreview | null;
  annex3: SheetPreview | null;
  annex4: SheetPreview | null;
  differences: Difference[];
  warnings: string[];
  canCommit: boolean;
}

/** POST /api/campaigns/:id/monitoring (server/monitoring/routes.ts). */
export interface MonitoringResult extends MonitoringComparison {
  campaignId: number;
  file: string;
  areaUnit: MonitoringList['areaUnit'];
  records: number;
  ledgerParcels: number;
  tolerance: Tolerance;
  problems: SheetProblem[];
}

/** Posts a multipart form with the session's CSRF token; errors carry the server's Chinese message. */
export async function sendForm<T>(url: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = {};
  const token = currentCsrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError('无法连接服务器，请检查网络或稍后重试', 'network', 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

export const mu = (x: number | null | undefined, digits = 2) =>
  x == null ? '—' : x.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
