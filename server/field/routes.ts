import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, parseFieldCheckInput } from '../../core/field-check.ts';
import { parsePhotoCaptures } from '../../core/photo-capture.ts';
import { mayRecordFieldChecks, ROLE_LABELS } from '../../core/roles.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { receivePhotos } from './photos.ts';
import { fieldCheckByClientId, fieldCheckPoints, fieldChecksOf, photoContent } from './queries.ts';
import { recordFieldCheck } from './record.ts';

// Room for the photos and the text fields around them.
const MAX_BODY_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;

function recorder(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录，再记录外业核查');
  if (!mayRecordFieldChecks(user.role)) throw new ApiError(403, 'forbidden', `您的角色（${ROLE_LABELS[user.role]}）不能记录外业核查`);
  return user;
}

/** The form's text fields (a field sent twice stays a list, which parsing refuses) and its photo files. */
async function readForm(c: Context): Promise<{ fields: Record<string, unknown>; files: File[] }> {
  if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) {
    throw new ApiError(415, 'unsupported_media_type', '请以表单（multipart/form-data）提交核查记录');
  }
  const form = await c.req.parseBody({ all: true }).catch(() => {
    throw new ApiError(400, 'bad_request', '无法读取提交的表单，请重试');
  });
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    if (name === 'photos' || name === 'photos[]') continue;
    fields[name] = Array.isArray(value) ? value : value instanceof File ? null : value;
  }
  const photos = [form.photos ?? [], form['photos[]'] ?? []].flat();
  if (photos.some((p) => !(p instanceof File))) throw new ApiError(400, 'invalid_field_check', '外业核查记录有误：照片（photos）应为上传的图片文件', { problems: [{ field: 'photos', message: '照片（photos）应为上传的图片文件' }] });
  return { fields, files: photos as File[] };
}

/**
 * POST /api/parcels/:id/field-checks (multipart) — records a field check; GET lists a parcel's checks, newest first.
 * Mounted under /api/parcels.
 */
export function parcelFieldCheckRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/:id/field-checks', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      const [parcel] = await db.query('SELECT 1 FROM parcels WHERE id = $1 AND deleted_at IS NULL', [id]);
      if (!parcel) throw notFound(`地块 ${id} `);
      return c.json({ fieldChecks: await fieldChecksOf(db, id) });
    })
    .post(
      '/:id/field-checks',
      bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new ApiError(413, 'too_large', `提交内容过大：最多 ${MAX_PHOTOS} 张照片，每张不超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`); } }),
      async (c) => {
        const user = recorder(c.get('user'));
        const id = params.positiveId('id', c.req.param('id'));
        const { fields, files } = await readForm(c);
        const parsed = parseFieldCheckInput(fields);
        const captures = parsePhotoCaptures(fields.photoCapture, files.length);
        const received = await receivePhotos(files, captures.ok ? captures.value : []);
        const problems = [...(parsed.ok ? [] : parsed.problems), ...(captures.ok ? [] : captures.problems), ...received.problems];
        if (!parsed.ok || problems.length) {
          throw new ApiError(400, 'invalid_field_check', `外业核查记录有误：${problems.map((p) => p.message).join('；')}`, { problems });
        }
        const { created } = await recordFieldCheck(db, id, parsed.value, received.photos, user.username);
        const stored = await fieldCheckByClientId(db, parsed.value.clientId);
        return c.json(stored!, created ? 201 : 200);
      },
    );
}

/** GET /api/field-checks (map points) and GET /api/field-checks/photos/:id (a photo's bytes). */
export function fieldCheckRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const filter = { campaignId: params.optionalId('campaign', c.req.query('campaign')), bbox: params.bbox(c.req.query('bbox')) };
      return c.json(await fieldCheckPoints(db, filter));
    })
    .get('/photos/:id', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      const photo = await photoContent(db, id);
      if (!photo) throw notFound(`照片 ${id} `);
      // A stored photo never changes; "private" keeps shared caches from holding field photos.
      return c.body(photo.content as Uint8Array<ArrayBuffer>, 200, {
        'content-type': photo.mime,
        'content-length': String(photo.content.byteLength),
        'cache-control': 'private, max-age=86400',
      });
    });
}
