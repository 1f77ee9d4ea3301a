/**
 * Turning a batch's unsupplied remainder into ledger parcels (批而未供): one parcel per remainder polygon (slivers
 * excluded), ledger mu = its ellipsoidal area, approval fields from the batch, each created with its history, all in
 * one transaction together with marking the batch converted.
 */
import type { MultiPolygon } from 'geojson';
import type { SliverThresholds } from '../../core/approval-overlay/slivers.ts';
import { CATEGORY_LABELS, type Category } from '../../core/categories.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import { roundTo } from '../../core/measure.ts';
import { editLimitedToUnits } from '../../core/roles.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { validateContent } from '../parcels/content.ts';
import { withinUnits } from '../parcels/permissions.ts';
import { createParcel } from '../parcels/write.ts';
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

  const created: ConvertedParcel[] = [];
  for (const [i, part] of remainders.entries()) {
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [part.geometry.coordinates] };
    const code = remainderCode(batchId, i + 1);
    const [taken] = await tx.query('SELECT 1 FROM parcels WHERE campaign_id = $1 AND code = $2', [campaignId, code]);
    if (taken) throw new ApiError(409, 'code_taken', `地块编号 ${code} 已被使用，无法转换：请先处理该地块`);
    // The unit holding most of the part; the triggers then share it by boundary as for any parcel.
    const [unit] = await tx.query<{ id: number }>(
      `WITH part AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326) AS g)
       SELECT u.id FROM part, campaign_units cu JOIN units u ON u.id = cu.unit_id
       WHERE cu.campaign_id = $1 AND ST_Intersects(u.boundary, part.g)
       ORDER BY ST_Area(ST_Intersection(u.boundary, part.g)::geography) DESC LIMIT 1`,
      [campaignId, JSON.stringify(geometry)],
    );
    const body = {
      code,
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
      unitId: unit?.id ?? null,
      geometry,
    };
    const { content, problems } = await validateContent(tx, body);
    if (!content) throw new ApiError(400, 'invalid_parcel', `剩余部分 ${i + 1} 无法登记为${CATEGORY_LABELS[category]}地块：${problems.map((p) => p.message).join('；')}`);
    if (editLimitedToUnits(user.role)) {
      const { inside, names } = await withinUnits(tx, user.unitIds, { geometry, unitId: content.unitId });
      if (!inside) throw new ApiError(403, 'outside_units', `该批次的剩余部分${remainders.length > 1 ? ` ${i + 1}` : ''}超出您负责的单位范围（${names ?? '无'}），不能转换：请由管理员或所在单位的编辑操作`);
    }
    const id = await createParcel(tx, campaignId, content, user.username, { action: 'create' });
    created.push({ id, code, ledgerMu: content.fields.ledgerMu, unitId: content.unitId });
  }
  await tx.query('UPDATE approval_batches SET converted_at = now(), converted_by = $2, converted_parcel_ids = $3::int[] WHERE id = $1', [batchId, user.username, created.map((c) => c.id)]);
  return created;
}
