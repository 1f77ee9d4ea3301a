import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULT_SLIVER_THRESHOLDS, sliverThresholdProblems, type SliverThresholds } from '../../core/approval-overlay/slivers.ts';
import { categoriesOf, CATEGORY_LABELS, isOneOf, type Category } from '../../core/categories.ts';
import type { AppEnv } from '../auth/types.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { campaignFromParam, type CampaignSummary } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { readImportUpload } from '../files/pool.ts';
import { MAX_IMPORT_BYTES } from '../imports/read.ts';
import { editor } from '../parcels/permissions.ts';
import { convertBatch } from './convert.ts';
import { campaignOverlay, overlayFeatures } from './report.ts';
import { batchMapping, insertBatches, insertSupplies, prepareUpload, readBatch, readSupply, supplyMapping, type Repair, type UploadKind } from './upload.ts';

const CONVERTIBLE = categoriesOf('approved_not_supplied');
const sizeLimit = bodyLimit({ maxSize: MAX_IMPORT_BYTES + 1024 * 1024, onError: () => { throw new ApiError(413, 'too_large', '文件过大，上限为 50 MB'); } });

function threshold(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw badParameter(name, `应为数字，收到“${text}”`);
  return n;
}

/** Sliver thresholds from the query string (?sliverAreaM2=&sliverWidthM=), the defaults where absent. */
function thresholdsOf(q: Record<string, string | undefined>): SliverThresholds {
  const t = {
    minAreaM2: threshold('sliverAreaM2', q.sliverAreaM2, DEFAULT_SLIVER_THRESHOLDS.minAreaM2),
    minMeanWidthM: threshold('sliverWidthM', q.sliverWidthM, DEFAULT_SLIVER_THRESHOLDS.minMeanWidthM),
  };
  const problems = sliverThresholdProblems(t);
  if (problems.length) throw new ApiError(400, 'bad_parameter', problems.join('；'));
  return t;
}

/**
 * 批供比对, under /api/campaigns:
 * GET  /:id/approval-overlay[?sliverAreaM2&sliverWidthM]          per batch: approved, supplied, remainder, rate, ledger
 * GET  /:id/approval-overlay/features[?…]                         the same as GeoJSON: batches, supplies, remainders, slivers
 * POST /:id/approval-batches, /:id/supply-records (multipart)     upload from a boundary file, with a field mapping
 * DELETE /:id/approval-batches/:recordId, /:id/supply-records/:recordId   take an upload back (admin)
 * POST /:id/approval-overlay/:batchId/convert ({category?})        remainder → 批而未供 parcels
 */
export function overlayRoutes(db: Db) {
  // The overlay of a city's batches takes a few hundred ms on the embedded database, and the map and the panel each
  // ask for it: computed once per data version (uploads, conversions and ledger edits all move it on).
  const overlayCache = new VersionedCache<Awaited<ReturnType<typeof campaignOverlay>>>(50);
  const featureCache = new VersionedCache<Awaited<ReturnType<typeof overlayFeatures>>>(20);
  const keyOf = (campaign: CampaignSummary, t: SliverThresholds) => JSON.stringify([campaign.id, t.minAreaM2, t.minMeanWidthM, campaign.tolerance]);
  const computed = async (campaign: CampaignSummary, thresholds: SliverThresholds) =>
    overlayCache.get(keyOf(campaign, thresholds), await dataVersion(db), () => campaignOverlay(db, campaign.id, thresholds, campaign.tolerance));
  const upload = (kind: UploadKind) => async (c: Context<AppEnv>) => {
    const user = editor(c.get('user'));
    const campaign = await campaignFromParam(db, c.req.param('id'));
    const form = await c.req.parseBody().catch(() => {
      throw new ApiError(400, 'bad_request', '请以表单（multipart/form-data）上传文件');
    });
    const file = form.file;
    if (!(file instanceof File)) throw new ApiError(400, 'bad_request', '请选择要上传的文件（表单字段 file）');
    const read = await readImportUpload(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!read.ok) throw new ApiError(400, 'unreadable_file', `无法读取“${file.name}”：${read.errors.join('；')}`, { errors: read.errors });
    const repairsOf = (items: Array<{ repair: Repair | null }>) => items.flatMap((i) => (i.repair ? [i.repair] : []));
    let ids: number[];
    let repairs: Repair[];
    if (kind === 'batches') {
      const items = await prepareUpload(db, file.name, read.candidates, readBatch(batchMapping(form)));
      ids = await db.transaction((tx) => insertBatches(tx, campaign.id, items, user.username));
      repairs = repairsOf(items);
    } else {
      const items = await prepareUpload(db, file.name, read.candidates, readSupply(supplyMapping(form)));
      ids = await db.transaction((tx) => insertSupplies(tx, campaign.id, items, user.username));
      repairs = repairsOf(items);
    }
    return c.json({ created: ids.length, ids, format: read.format, repairs, warnings: read.warnings }, 201);
  };

  const removal = (table: 'approval_batches' | 'supply_records', what: string) => async (c: Context<AppEnv>) => {
    const user = editor(c.get('user'));
    if (user.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以删除${what}`);
    const campaign = await campaignFromParam(db, c.req.param('id'));
    const id = params.positiveId('recordId', c.req.param('recordId'));
    const gone = await db.query(`DELETE FROM ${table} WHERE id = $1 AND campaign_id = $2 RETURNING id`, [id, campaign.id]);
    if (!gone.length) throw notFound(`${what} ${id} `);
    return c.body(null, 204);
  };

  return new Hono<AppEnv>()
    .get('/:id/approval-overlay', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json((await computed(campaign, thresholdsOf(c.req.query()))).answer);
    })
    .get('/:id/approval-overlay/features', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const thresholds = thresholdsOf(c.req.query());
      const version = await dataVersion(db);
      return c.json(await featureCache.get(keyOf(campaign, thresholds), version, async () => overlayFeatures(db, campaign.id, (await computed(campaign, thresholds)).overlays)));
    })
    .post('/:id/approval-batches', sizeLimit, upload('batches'))
    .post('/:id/supply-records', sizeLimit, upload('supplies'))
    // A wrong upload is taken back whole, by an admin: batches and supplies are the city's records, not one unit's.
    .delete('/:id/approval-batches/:recordId', removal('approval_batches', '批次'))
    .delete('/:id/supply-records/:recordId', removal('supply_records', '供地记录'))
    .post('/:id/approval-overlay/:batchId/convert', async (c) => {
      const user = editor(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const batchId = params.positiveId('batchId', c.req.param('batchId'));
      const body = c.req.header('content-type')?.includes('application/json') ? await jsonBody(c) : {};
      if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
      const category: Category = body.category === undefined ? 'approved_not_expropriated' : (body.category as Category);
      if (!isOneOf(CONVERTIBLE, category)) {
        throw badParameter('category', `批而未供地块的类别应为 ${CONVERTIBLE.map((k) => `${k}（${CATEGORY_LABELS[k]}）`).join('、')}`);
      }
      const thresholds = thresholdsOf(c.req.query());
      const parcels = await db.transaction((tx) => convertBatch(tx, campaign.id, batchId, user, category, thresholds, campaign.tolerance));
      return c.json({ batchId, category, parcels }, 201);
    });
}
