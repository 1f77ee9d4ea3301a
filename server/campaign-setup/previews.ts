import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';

export type PreviewKind = 'units' | 'tasks';

/** Keeps what a preview found valid, for its commit (see 011_campaign_setup.sql). */
export async function savePreview(db: Db, user: SessionUser, campaignId: number, kind: PreviewKind, payload: unknown): Promise<string> {
  const id = randomBytes(16).toString('hex');
  await db.query('INSERT INTO campaign_setup_previews (id, user_id, campaign_id, kind, payload) VALUES ($1, $2, $3, $4, $5)', [id, user.id, campaignId, kind, JSON.stringify(payload)]);
  return id;
}

/** The preview a commit names, locked and marked committed, or the reason it cannot be used. */
export async function takePreview<T>(tx: Queryable, user: SessionUser, campaignId: number, kind: PreviewKind, previewId: unknown): Promise<T> {
  if (typeof previewId !== 'string' || !previewId) throw new ApiError(400, 'bad_request', '缺少预览编号（previewId）：请先预览再导入');
  const [row] = await tx.query<{ payload: T; committed: boolean }>(
    `SELECT payload, committed_at IS NOT NULL AS committed FROM campaign_setup_previews
     WHERE id = $1 AND user_id = $2 AND campaign_id = $3 AND kind = $4 AND created_at > now() - interval '1 day' FOR UPDATE`,
    [previewId, user.id, campaignId, kind],
  );
  if (!row) throw new ApiError(404, 'not_found', '预览不存在或已过期（24 小时），请重新上传预览');
  if (row.committed) throw new ApiError(409, 'already_committed', '这次预览已经导入，不能重复导入');
  await tx.query('UPDATE campaign_setup_previews SET committed_at = now() WHERE id = $1', [previewId]);
  return row.payload;
}
