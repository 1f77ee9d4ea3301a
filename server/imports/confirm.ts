import { unconfirmed } from '../../core/import-review.ts';
import type { Queryable } from '../db/types.ts';
import { isRecord } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { overlapThresholdMu } from './placement.ts';
import type { PreviewItem } from './preview.ts';

/** One parcel for commitImport: the body to write and, for an update, the version the preview saw. */
export interface CommitChoice {
  parcel: Record<string, unknown>;
  version: number | undefined;
}

const indexList = (value: unknown, name: string): Set<number> => {
  if (value === undefined || value === null) return new Set();
  if (!Array.isArray(value) || !value.every((i) => Number.isInteger(i))) throw new ApiError(400, 'bad_request', `confirm.${name} 应为地块序号的列表`);
  return new Set(value as number[]);
};

/**
 * The parcels a commit writes, from the preview and the person's choices: the chosen items (each valid), with the
 * update offers they turned down (`confirm.create`: create a second parcel instead), refused with a 400 naming every
 * parcel still needing a confirmation — wholly outside the campaign's units (`confirm.outside`), or overlapping a live
 * parcel or another chosen item by more than the campaign's threshold (`confirm.overlaps`), with the mu.
 */
export async function chosenForCommit(tx: Queryable, campaignId: number, previewItems: PreviewItem[], chosen: number[], confirmBody: unknown): Promise<CommitChoice[]> {
  const confirm = isRecord(confirmBody) ? confirmBody : {};
  const outside = indexList(confirm.outside, 'outside');
  const overlaps = indexList(confirm.overlaps, 'overlaps');
  const create = indexList(confirm.create, 'create');
  const items = chosen.map((index) => {
    const item = previewItems.find((i) => i.index === index);
    if (!item) throw new ApiError(400, 'bad_request', `预览中没有第 ${String(index)} 个地块`);
    if (!item.valid) throw new ApiError(400, 'invalid_parcel', `${item.source}有错误，不能导入：${item.errors.join('；')}`);
    return item;
  });
  const asCreated = (item: PreviewItem) => create.has(item.index) && item.createInstead !== null;
  const thresholdMu = await overlapThresholdMu(tx, campaignId);
  const reasons = unconfirmed(
    items.map((item) => ({
      index: item.index,
      source: item.source,
      code: typeof item.parcel.code === 'string' ? item.parcel.code : null,
      whollyOutside: item.needsConfirmation.includes('outside'),
      overlaps: item.overlaps,
      updates: asCreated(item) ? null : (item.existing?.id ?? null),
    })),
    { outside, overlaps },
    thresholdMu,
  );
  if (reasons.length) throw new ApiError(400, 'unconfirmed', reasons.join('；'), { unconfirmed: reasons });
  return items.map((item) => (asCreated(item) ? { parcel: item.createInstead!, version: undefined } : { parcel: item.parcel, version: item.existing?.version }));
}

/** Sets the campaign's overlap threshold (mu, 0–100) from a request body, or a 400 saying what is wrong. */
export async function setOverlapThreshold(db: Queryable, campaignId: number, body: unknown): Promise<void> {
  const value = isRecord(body) ? body.overlapThresholdMu : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw badParameter('overlapThresholdMu', `应为 0 到 100 之间的亩数（重叠超过它的导入须确认），收到“${String(value)}”`);
  }
  await db.query('UPDATE campaigns SET overlap_threshold_mu = $2 WHERE id = $1', [campaignId, value]);
}
