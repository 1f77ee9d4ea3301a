import { Hono, type Context } from 'hono';
import { ROLE_LABELS } from '../../core/roles.ts';
import { BASE_LAYER_LIMITS, parseBaseLayerInput, type LayerProblem } from '../../core/basemaps/layer-input.ts';
import { layerView, NO_BASE_LAYER, resolveDefault, tiandituView, type BaseLayerList } from '../../core/basemaps/view.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter, notFound } from '../http/errors.ts';
import { deadlineOf } from '../http/limits.ts';
import * as params from '../http/params.ts';
import { checkPackage } from './package-check.ts';
import { chosenDefault, deleteLayer, findLayer, insertLayer, listLayers, reorderLayers, setDefault, updateLayer } from './queries.ts';
import { MAX_PACKAGE_BYTES, packageLimitText, PackageStore } from './store.ts';

const actorOf = (user: SessionUser) => (user.displayName && user.displayName !== user.username ? `${user.displayName}（${user.username}）` : user.username);

function requireBasemapAdmin(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录');
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以设置底图，您的角色是${ROLE_LABELS[user.role]}`);
  return user;
}

function refuse(problems: LayerProblem[]): never {
  throw new ApiError(400, 'invalid_base_layer', problems.map((p) => p.message).join('；'), { problems });
}

/** Every base layer the maps offer: the admin's, then 天地图 from TIANDITU_KEY (when set), and the default. */
export async function baseLayerList(db: Queryable, tiandituKey: string | null): Promise<BaseLayerList> {
  const layers = [
    ...(await listLayers(db)).map(layerView),
    ...(tiandituKey ? [tiandituView('env-vec', tiandituKey, 'vec', 'environment'), tiandituView('env-img', tiandituKey, 'img', 'environment')] : []),
  ];
  return { layers, defaultId: resolveDefault(await chosenDefault(db), layers) };
}

/** Where packages are uploaded (as mounted in server/app.ts). */
const PACKAGES_PATH = '/api/basemaps/packages';

export interface BasemapOptions {
  tiandituKey: string | null;
  dataDir: string;
  /** The largest package accepted (MAX_PACKAGE_BYTES; tests pass a smaller one). */
  maxPackageBytes?: number;
  /** How long an upload may take to arrive (the route's deadline in DEADLINES; tests pass a shorter one). */
  uploadSeconds?: number;
}

/** A query-string text field of the upload, bounded. */
function queryText(c: Context, name: string, label: string, max: number): string {
  const text = (c.req.query(name) ?? '').trim();
  if (text.length > max) throw badParameter(name, `${label}不能超过 ${max} 个字符（收到 ${text.length} 个）`);
  return text;
}

/**
 * Base layers (reading: anyone who may read; writing: admins):
 * GET /api/basemaps — the list and the default;
 * POST /api/basemaps {kind: xyz|wmts|tianditu, name, attribution, url | key+layer, minZoom?, maxZoom?, tileSize?, crs?};
 * PUT /api/basemaps/:id — the same fields; DELETE /api/basemaps/:id (a package's file too);
 * PUT /api/basemaps/arrangement {order: [ids], defaultId: id | "env-vec" | "env-img" | "none"};
 * POST /api/basemaps/packages?name=&attribution=&fileName= — the body is a PMTiles file (at most MAX_PACKAGE_BYTES).
 */
export function basemapRoutes(db: Db, options: BasemapOptions) {
  const store = new PackageStore(options.dataDir);
  const limit = options.maxPackageBytes ?? MAX_PACKAGE_BYTES;
  // The deadline answers 503 but cannot stop the work: past it, a sender still trickling would keep the partial file
  // (and its file handle) for as long as it stays connected, so the upload stops itself at the same moment.
  const uploadSeconds = options.uploadSeconds ?? deadlineOf(PACKAGES_PATH).seconds;
  const list = () => baseLayerList(db, options.tiandituKey);
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ ...(await list()), limits: { packageBytes: limit } }))
    .post('/', async (c) => {
      const user = requireBasemapAdmin(c.get('user'));
      const parsed = parseBaseLayerInput(await jsonBody(c));
      if (!parsed.ok) refuse(parsed.problems);
      const id = await db.transaction((tx) => insertLayer(tx, parsed.value, actorOf(user)));
      return c.json({ id: String(id), ...(await list()) }, 201);
    })
    .put('/arrangement', async (c) => {
      const user = requireBasemapAdmin(c.get('user'));
      const body = await jsonBody(c);
      if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
      const current = await list();
      const order = body.order ?? [];
      if (!Array.isArray(order) || order.length > 200 || !order.every((id) => typeof id === 'string' && /^\d{1,9}$/.test(id))) {
        throw badParameter('order', '应为底图编号（文字）的列表，仅含管理员添加的底图');
      }
      const defaultId = body.defaultId === null || body.defaultId === undefined ? NO_BASE_LAYER : body.defaultId;
      if (typeof defaultId !== 'string' || (defaultId !== NO_BASE_LAYER && !current.layers.some((l) => l.id === defaultId))) {
        throw badParameter('defaultId', `没有编号为“${String(defaultId).slice(0, 20)}”的底图；不用底图请传 "none"`);
      }
      await db.transaction(async (tx) => {
        await reorderLayers(tx, order.map(Number));
        await setDefault(tx, defaultId, actorOf(user));
      });
      return c.json(await list());
    })
    .put('/:id{[0-9]+}', async (c) => {
      requireBasemapAdmin(c.get('user'));
      const id = params.positiveId('id', c.req.param('id'));
      const existing = await findLayer(db, id);
      if (!existing) throw notFound(`底图 ${id} `);
      const parsed = parseBaseLayerInput(await jsonBody(c), existing.kind);
      if (!parsed.ok) refuse(parsed.problems);
      await db.transaction((tx) => updateLayer(tx, id, parsed.value));
      return c.json(await list());
    })
    .delete('/:id{[0-9]+}', async (c) => {
      requireBasemapAdmin(c.get('user'));
      const id = params.positiveId('id', c.req.param('id'));
      const existing = await findLayer(db, id);
      if (!existing) throw notFound(`底图 ${id} `);
      await db.transaction((tx) => deleteLayer(tx, id));
      // After the commit: a file without its row is only disk, a row without its file would break every map.
      if (existing.kind === 'pmtiles') await store.discard(store.path(id));
      return c.body(null, 204);
    })
    .post('/packages', async (c) => {
      const user = requireBasemapAdmin(c.get('user'));
      const declared = Number(c.req.header('content-length'));
      if (Number.isFinite(declared) && declared > limit) {
        throw new ApiError(413, 'too_large', `离线底图包过大（${(declared / 1024 / 1024).toFixed(1)} MB），上限为 ${packageLimitText(limit)}`);
      }
      const fileName = queryText(c, 'fileName', '文件名（fileName）', 200) || null;
      const name = queryText(c, 'name', '名称（name）', BASE_LAYER_LIMITS.name) || (fileName ?? '').replace(/\.pmtiles$/i, '').slice(0, BASE_LAYER_LIMITS.name) || '离线底图包';
      const attribution = queryText(c, 'attribution', '版权说明（attribution）', BASE_LAYER_LIMITS.attribution);
      const received = await store.receive(c.req.raw.body, limit, uploadSeconds === null ? undefined : AbortSignal.timeout(uploadSeconds * 1000));
      try {
        const checked = await checkPackage(received.path, received.bytes);
        if (!checked.ok) throw new ApiError(400, 'not_pmtiles', `${fileName ? `“${fileName}”：` : ''}${checked.message}`);
        const { facts } = checked;
        const id = await db.transaction(async (tx) => {
          const id = await insertLayer(tx, { name, attribution, fileBytes: received.bytes, fileEtag: received.etag, fileName, ...facts }, actorOf(user));
          await store.keep(received.path, id);
          return id;
        });
        return c.json({ id: String(id), tiles: facts.tiles, ...(await list()) }, 201);
      } finally {
        await store.discard(received.path);
      }
    });
}
