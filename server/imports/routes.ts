import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../auth/types.ts';
import { getCampaign } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { editor } from '../parcels/permissions.ts';
import { commitImport } from './commit.ts';
import { chosenForCommit, setOverlapThreshold } from './confirm.ts';
import { requireAdmin } from '../campaign-setup/admin.ts';
import { parseDefaults, previewCandidates, type PreviewItem } from './preview.ts';
import { readImportUpload } from '../files/pool.ts';
import { campaignArea, parseReadOptions } from './read-options.ts';
import { MAX_IMPORT_BYTES } from './read.ts';

const tooLarge = () => new ApiError(413, 'too_large', '文件过大，上限为 50 MB');

/**
 * POST /api/imports/preview (multipart: file, campaignId, category, status; optional encoding, sourceCrs, zone, zoneWidth,
 * layers) — reads a boundary file and reports, parcel by parcel, what importing it would do, and how its text and
 * coordinates were read (`encoding`, `coordinates`); writes nothing.
 * POST /api/imports/commit ({importId, indexes, confirm?: {outside, overlaps, create}}) — writes the chosen valid parcels of
 *   that preview in one transaction, once every overlap above the campaign's threshold and every parcel outside its units
 *   is confirmed (confirm.ts).
 * PUT /api/imports/settings/:campaignId ({overlapThresholdMu}) — the campaign's overlap threshold, mu (admin).
 */
export function importRoutes(db: Db) {
  const campaignOr404 = async (id: number) => {
    const campaign = await getCampaign(db, id);
    if (!campaign) throw notFound(`专项行动 ${id} `);
    return campaign;
  };
  return new Hono<AppEnv>()
    .post('/preview', bodyLimit({ maxSize: MAX_IMPORT_BYTES + 1024 * 1024, onError: () => { throw tooLarge(); } }), async (c) => {
      const user = editor(c.get('user'));
      const form = await c.req.parseBody({ all: true }).catch(() => {
        throw new ApiError(400, 'bad_request', '请以表单（multipart/form-data）上传文件');
      });
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError(400, 'bad_request', '请选择要导入的文件（表单字段 file）');
      const campaign = await campaignOr404(params.positiveId('campaignId', String(form.campaignId ?? '')));
      const defaults = parseDefaults(form);
      const options = parseReadOptions(form, await campaignArea(db, campaign.id));
      const read = await readImportUpload(file.name, new Uint8Array(await file.arrayBuffer()), options);
      if (!read.ok) throw new ApiError(422, 'unreadable_file', `无法导入“${file.name}”：${read.errors.join('；')}`, { errors: read.errors });
      const items = await previewCandidates(db, campaign.id, user, defaults, read.candidates, campaign.tolerance);
      const importId = randomBytes(16).toString('hex');
      await db.query('INSERT INTO import_previews (id, user_id, campaign_id, file_name, format, items) VALUES ($1, $2, $3, $4, $5, $6)', [
        importId, user.id, campaign.id, file.name, read.format, JSON.stringify(items),
      ]);
      return c.json({
        importId,
        file: file.name,
        format: read.format,
        encoding: read.encoding ?? null,
        warnings: read.warnings,
        coordinates: read.coordinates ?? null,
        items,
        overlapThresholdMu: campaign.overlapThresholdMu,
        summary: { total: items.length, valid: items.filter((i) => i.valid).length, create: items.filter((i) => i.valid && i.action === 'create').length, update: items.filter((i) => i.valid && i.action === 'update').length },
      });
    })
    .post('/commit', async (c) => {
      const user = editor(c.get('user'));
      const body = await jsonBody(c);
      if (!isRecord(body) || typeof body.importId !== 'string') throw new ApiError(400, 'bad_request', '缺少导入预览编号（importId）：请先预览再导入');
      const chosen = Array.isArray(body.indexes) ? body.indexes : [];
      if (!chosen.length || !chosen.every((i) => Number.isInteger(i))) throw new ApiError(400, 'bad_request', '请至少选择一个要导入的地块');
      const result = await db.transaction(async (tx) => {
        const [preview] = await tx.query<{ campaignId: number; items: PreviewItem[]; committed: boolean }>(
          `SELECT campaign_id AS "campaignId", items, committed_at IS NOT NULL AS committed FROM import_previews
           WHERE id = $1 AND user_id = $2 AND created_at > now() - interval '1 day' FOR UPDATE`,
          [body.importId, user.id],
        );
        if (!preview) throw new ApiError(404, 'not_found', '导入预览不存在或已过期（24 小时），请重新预览');
        if (preview.committed) throw new ApiError(409, 'already_committed', '这次导入已经写入，不能重复导入');
        const items = await chosenForCommit(tx, preview.campaignId, preview.items, chosen, body.confirm);
        const written = await commitImport(tx, preview.campaignId, user, items);
        await tx.query('UPDATE import_previews SET committed_at = now() WHERE id = $1', [body.importId]);
        return written;
      });
      // PGlite has no autovacuum: after a large import, refresh the planner's statistics (see start.ts).
      if (db.kind === 'pglite' && result.created.length + result.updated.length >= 1000) await db.exec('ANALYZE parcels; ANALYZE parcel_unit_shares;');
      return c.json(result, 201);
    })
    .put('/settings/:campaignId', async (c) => {
      requireAdmin(c.get('user'));
      const campaign = await campaignOr404(params.positiveId('campaignId', c.req.param('campaignId')));
      await setOverlapThreshold(db, campaign.id, await jsonBody(c));
      return c.json({ campaignId: campaign.id, overlapThresholdMu: (await getCampaign(db, campaign.id))!.overlapThresholdMu });
    });
}
