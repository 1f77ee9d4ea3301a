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
import { parseDefaults, previewCandidates } from './preview.ts';
import { MAX_IMPORT_BYTES, readImportFile } from './read.ts';

const tooLarge = () => new ApiError(413, 'too_large', '文件过大，上限为 50 MB');

/**
 * POST /api/imports/preview (multipart: file, campaignId, category, status) — reads a boundary file and reports, parcel
 * by parcel, what importing it would do; writes nothing.
 * POST /api/imports/commit ({campaignId, items: [{parcel, version?}]}) — writes the accepted parcels in one transaction.
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
      const form = await c.req.parseBody().catch(() => {
        throw new ApiError(400, 'bad_request', '请以表单（multipart/form-data）上传文件');
      });
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError(400, 'bad_request', '请选择要导入的文件（表单字段 file）');
      const campaign = await campaignOr404(params.positiveId('campaignId', String(form.campaignId ?? '')));
      const defaults = parseDefaults(form);
      const read = await readImportFile(file.name, new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) throw new ApiError(422, 'unreadable_file', `无法导入“${file.name}”：${read.errors.join('；')}`, { errors: read.errors });
      const items = await previewCandidates(db, campaign.id, user, defaults, read.candidates, campaign.tolerance);
      return c.json({
        file: file.name,
        format: read.format,
        warnings: read.warnings,
        items,
        summary: { total: items.length, valid: items.filter((i) => i.valid).length, create: items.filter((i) => i.valid && i.action === 'create').length, update: items.filter((i) => i.valid && i.action === 'update').length },
      });
    })
    .post('/commit', bodyLimit({ maxSize: 4 * MAX_IMPORT_BYTES, onError: () => { throw tooLarge(); } }), async (c) => {
      const user = editor(c.get('user'));
      const body = await jsonBody(c);
      if (!isRecord(body) || !Array.isArray(body.items) || body.items.length === 0) throw new ApiError(400, 'bad_request', '请至少选择一个要导入的地块');
      const campaign = await campaignOr404(params.positiveId('campaignId', String(body.campaignId ?? '')));
      const result = await db.transaction((tx) => commitImport(tx, campaign.id, user, body.items as unknown[]));
      return c.json(result, 201);
    });
}
