/**
 * Turning a batch's unsupplied remainder into ledger parcels (批而未供): one parcel per remainder polygon (slivers
 * excluded), ledger mu = its ellipsoidal area, approval fields from the batch, all created through the parcel-write
 * service with their history, in one transaction together with marking the batch converted.
 */
import type { MultiPolygon } from 'geojson';
import type { SliverThresholds } from '../../core/approval-overlay/slivers.ts';
import { CATEGORY_LABELS, type Category } from '../../core/categories.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import { roundTo } from '../../core/measure.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { writeParcels, type ParcelChange } from '../parcels/service/index.ts';
import { batchOverlays } from './queries.ts';
import { overlayOf } from './report.ts';

/** Codes derive from the batch: PC (批次) + its number + the part, e.g. PC0012-01; stable and unique per campaign. */
export const remainderCode = (batchId: number, part: number) => `PC${String(batchId).padStart(4, '0')}-${String(part).padStart(2, '0')}`;

export interface ConvertedParcel {
  id: number;
  code: string;
  ledgerMu: number;
  unitId: number | null;
}

export async function convertBatch(
  tx: Queryable, campaignId: number, batchId: number, user: SessionUser, category: Category, thresholds: SliverThresholds, tolerance: Tolerance,
): Promise<ConvertedParcel[]> {
  const [locked] = await tx.query<{ converted: boolean; by: string | null }>(
    'SELECT converted_at IS NOT NULL AS converted, converted_by AS by FROM approval_batches WHERE id = $1 AND campaign_id = $2 FOR UPDATE', [batchId, campaignId]);
  if (!locked) throw notFound(`批次 ${batchId} `);
  if (locked.converted) throw new ApiError(409, 'already_converted', `该批次的剩余部分已由 ${locked.by ?? '他人'} 转为地块，不能重复转换`);
  const [row] = await batchOverlays(tx, campaignId, batchId);
  const { remainders } = overlayOf(row!, thresholds, tolerance);
  if (!remainders.length) throw new ApiError(409, 'nothing_to_convert', '该批次已全部供应（或只剩碎片），没有可转为批而未供地块的剩余部分');

  const changes: ParcelChange[] = remainders.map((part, i) => {
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [part.geometry.coordinates] };
    const body = {
      code: remainderCode(batchId, i + 1),
      projectName: `${row!.batchName} 未供部分${remainders.length > 1 ? ` ${i + 1}` : ''}`,
      category,
      status: 'registered',
      ledgerMu: roundTo(part.areaMu),
      approvalBatch: row!.batchName,
      approvalNumber: row!.approvalNumber,
      approvalDate: row!.approvalDate,
      approvedMu: row!.statedMu === null ? null : roundTo(row!.statedMu),
      sourceLists: ['批供比对'],
      remarks: `由批供比对生成：批次“${row!.batchName}”扣除供地后的剩余部分（椭球面积 ${part.areaMu.toFixed(2)} 亩）`,
      geometry,
    };
    return { op: 'create', campaignId, body, label: `剩余部分 ${i + 1}（${CATEGORY_LABELS[category]}）` };
  });
  // The unit of each part is the one holding most of it, derived by the service from the boundary as for any parcel.
  const { written } = await writeParcels(tx, { actor: user, what: '转换' }, changes);
  const created: ConvertedParcel[] = written.map(({ id, code, ledgerMu, unitId }) => ({ id, code, ledgerMu, unitId }));
  await tx.query('UPDATE approval_batches SET converted_at = now(), converted_by = $2, converted_parcel_ids = $3::int[] WHERE id = $1', [batchId, user.username, created.map((c) => c.id)]);
  return created;
}
