import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { isRecord } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { writeParcels, type ParcelChange } from '../parcels/service/index.ts';

/**
 * Writes the parcels an editor accepted from a preview, in the caller's transaction, all or nothing, through the one
 * write service: each is checked again as any save is (the preview was advice, the commit decides), all at once. A
 * parcel whose code exists is updated, but only at the version the preview showed (409 otherwise), so an import never
 * overwrites an edit made meanwhile; what the file does not mention keeps its value.
 */
export async function commitImport(tx: Queryable, campaignId: number, user: SessionUser, items: unknown[]): Promise<{ created: number[]; updated: number[] }> {
  const parcels = items.map((item, i) => {
    if (!isRecord(item) || !isRecord(item.parcel)) throw new ApiError(400, 'bad_request', `第 ${i + 1} 个地块的数据格式不对`);
    return { parcel: item.parcel, version: typeof item.version === 'number' ? item.version : undefined, label: `第 ${i + 1} 个地块（${String(item.parcel.code ?? '无编号')}）` };
  });
  const codes = parcels.flatMap(({ parcel }) => (typeof parcel.code === 'string' ? [parcel.code] : []));
  const existing = new Map((await tx.query<{ id: number; code: string; version: number }>(
    'SELECT id, code, version FROM parcels WHERE ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $1) AND code = ANY($2::text[]) AND deleted_at IS NULL',
    [campaignId, codes],
  )).map((r) => [r.code, r]));

  const changes = parcels.map(({ parcel, version, label }): ParcelChange => {
    const match = typeof parcel.code === 'string' ? existing.get(parcel.code) : undefined;
    if (!match) return { op: 'create', campaignId, body: parcel, label };
    // Previewed as new, but the code has been taken since: the person must see the parcel it would now overwrite.
    if (version === undefined) throw new ApiError(409, 'version_conflict', `${label}在预览后已有同编号的地块（第 ${match.version} 版），请重新预览`);
    return { op: 'update', id: match.id, version, label, body: ({ version: _v, deleted: _d, ...now }) => ({ ...now, ...parcel }) };
  });
  const { written } = await writeParcels(tx, { actor: user, action: 'import', what: '导入', source: 'import' }, changes);
  return {
    created: written.filter((_, i) => changes[i]!.op === 'create').map((w) => w.id),
    updated: written.filter((_, i) => changes[i]!.op === 'update').map((w) => w.id),
  };
}
