/**
 * The 批供比对 answers of GET /api/campaigns/:id/approval-overlay and POST …/convert: the server's own types, imported
 * as types only (erased at build time), so the two cannot drift apart. Areas in mu, ellipsoidal.
 */
import type { Category } from '../../../core/categories.ts';
import type { ConvertedParcel } from '../../../server/overlay/convert.ts';
import type { campaignOverlay } from '../../../server/overlay/report.ts';

export type { BatchOverlay } from '../../../server/overlay/report.ts';

export type ApprovalOverlay = Awaited<ReturnType<typeof campaignOverlay>>['answer'];

export interface ConvertResult {
  batchId: number;
  category: Category;
  parcels: ConvertedParcel[];
}
