import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { isRecord } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { parseContent } from '../parcels/content.ts';
import { assertWithinUnits } from '../parcels/permissions.ts';
import { createParcel, snapshotOf, updateParcel } from '../parcels/write.ts';
import { currentFields } from './preview.ts';

/**
 * Writes the parcels an editor accepted from a preview, in the caller's transaction, all or nothing: each is checked
 * again as any save is (the preview was advice, the commit decides). A parcel whose code exists is updated, but only
 * at the version the preview showed (409 otherwise), so an import never overwrites an edit made meanwhile.
 */
export async function commitImport(tx: Queryable, campaignId: number, user: SessionUser, items: unknown[]): Promise<{ created: number[]; updated: number[] }> {
  const created: number[] = [];
  const updated: number[] = [];
  for (const [i, item] of items.entries()) {
    if (!isRecord(item) || !isRecord(item.parcel)) throw new ApiError(400, 'bad_request', `第 ${i + 1} 个地块的数据格式不对`);
    const where = `第 ${i + 1} 个地块（${String(item.parcel.code ?? '无编号')}）`;
    const [existing] = await tx.query<{ id: number; version: number }>(
      'SELECT id, version FROM parcels WHERE campaign_id = $1 AND code = $2 AND deleted_at IS NULL FOR UPDATE',
      [campaignId, item.parcel.code],
    );
    try {
      if (existing) {
        if (item.version !== existing.version) {
          throw new ApiError(409, 'version_conflict', `${where}在预览后已被修改（当前第 ${existing.version} 版），请重新预览`);
        }
        const before = (await snapshotOf(tx, existing.id))!;
        const content = await parseContent(tx, { ...(await currentFields(tx, existing.id)), ...item.parcel });
        await assertWithinUnits(tx, user, before, '修改前');
        await assertWithinUnits(tx, user, content, '修改后');
        await updateParcel(tx, existing.id, before, { ...content, unitId: content.unitId ?? before.unitId }, user.username, 'import');
        updated.push(existing.id);
      } else {
        const content = await parseContent(tx, item.parcel);
        await assertWithinUnits(tx, user, content, '修改后');
        created.push(await createParcel(tx, campaignId, content, user.username, { action: 'import' }));
      }
    } catch (error) {
      if (error instanceof ApiError) throw new ApiError(error.status, error.code, `${where}：${error.message}`, error.extra);
      throw error;
    }
  }
  return { created, updated };
}
