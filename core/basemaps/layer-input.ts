/**
 * What an admin may set as a base layer, checked once at the edge: each problem names its field (as sent in the
 * request) in Chinese, so the dialog can show it beside the field and the API answers a readable 400.
 *
 * Only Web-Mercator tile grids (EPSG:3857, WMTS "GoogleMapsCompatible") are accepted: MapLibre draws every layer of our
 * maps in that projection and cannot reproject tiles. A CGCS2000 geographic grid (EPSG:4490, 天地图's "c" matrix), a
 * WGS84 geographic grid (EPSG:4326) or a Gauss–Krüger grid would be drawn in the wrong place, so they are refused
 * with the reason, never drawn wrong.
 */
import { TIANDITU_ATTRIBUTION, TIANDITU_NAMES, WMTS_PLACEHOLDERS, type TiandituLayer } from './templates.ts';

export const BASE_LAYER_LIMITS = { name: 40, attribution: 200, url: 2000, key: 64, minZoom: 0, maxZoom: 24 } as const;

export interface LayerProblem {
  field: string;
  message: string;
}

interface Common {
  name: string;
  attribution: string;
  minZoom: number;
  maxZoom: number;
}

export type TileServiceInput = Common & { kind: 'xyz' | 'wmts'; url: string; tileSize: 256 | 512; crs: 'EPSG:3857' };
export type TiandituInput = Common & { kind: 'tianditu'; key: string; layer: TiandituLayer };
/** An uploaded package's editable part (the file itself says the rest). */
export type PackageInput = Pick<Common, 'name' | 'attribution'> & { kind: 'pmtiles' };
export type BaseLayerInput = TileServiceInput | TiandituInput | PackageInput;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: LayerProblem[] };

/** Names by which people write Web Mercator. */
const WEB_MERCATOR = /^(epsg:)?(3857|900913|102100|102113|3785)$|^web ?mercator$|^googlemapscompatible$/i;

/** Why a CRS someone is likely to enter is refused (the rest get a general reason). */
function refusedCrs(crs: string): string {
  const code = /(\d{4,6})/.exec(crs)?.[1];
  const known: Record<string, string> = {
    '4490': 'EPSG:4490 是 CGCS2000 经纬度瓦片矩阵（如天地图的 _c 服务）',
    '4326': 'EPSG:4326 是 WGS84 经纬度瓦片矩阵',
    '4610': 'EPSG:4610 是西安80经纬度瓦片矩阵',
  };
  const gaussKruger = code !== undefined && Number(code) >= 4491 && Number(code) <= 4554;
  const what = (code && known[code]) ?? (gaussKruger ? `EPSG:${code} 是 CGCS2000 高斯–克吕格投影的瓦片` : `“${crs.slice(0, 40)}”`);
  return `坐标系（crs）不支持：${what}。地图按 Web 墨卡托（EPSG:3857）绘制，无法重投影瓦片，叠加会错位；请改用该服务的 Web 墨卡托瓦片（天地图为 _w 服务、TILEMATRIXSET=w）`;
}

/** A tile matrix set named in a WMTS address that is not Web Mercator (天地图 "c", or one named by a geographic CRS). */
function geographicMatrixSet(url: URL): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() !== 'tilematrixset') continue;
    if (/^c$|4490|4326|cgcs2000|wgs84/i.test(value)) return value;
  }
  const tianditu = /\.tianditu\.gov\.cn$/i.test(url.hostname) && /\/[a-z]{3}_c\//i.test(url.pathname);
  return tianditu ? 'c' : null;
}

class Reader {
  readonly problems: LayerProblem[] = [];
  constructor(readonly body: Record<string, unknown>) {}

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  text(field: string, label: string, max: number, options: { required: boolean; fallback?: string }): string {
    const value = this.body[field];
    if (value === undefined || value === null || value === '') {
      if (options.required && options.fallback === undefined) this.problem(field, `请填写${label}（${field}）`);
      return options.fallback ?? '';
    }
    if (typeof value !== 'string') {
      this.problem(field, `${label}（${field}）应为文字`);
      return '';
    }
    const text = value.trim();
    if (options.required && !text && options.fallback === undefined) this.problem(field, `请填写${label}（${field}）`);
    if (text.length > max) this.problem(field, `${label}（${field}）不能超过 ${max} 个字符（收到 ${text.length} 个）`);
    return text || (options.fallback ?? '');
  }

  zoom(field: string, label: string, fallback: number): number {
    const value = this.body[field];
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < BASE_LAYER_LIMITS.minZoom || n > BASE_LAYER_LIMITS.maxZoom) {
      this.problem(field, `${label}（${field}）应为 ${BASE_LAYER_LIMITS.minZoom}–${BASE_LAYER_LIMITS.maxZoom} 的整数级别`);
      return fallback;
    }
    return n;
  }

  done<T>(value: T): Parsed<T> {
    return this.problems.length ? { ok: false, problems: this.problems } : { ok: true, value };
  }
}

/** Checks a tile address template: http(s), the placeholders of its kind present, none other, no Web-Mercator doubt. */
function checkTemplate(reader: Reader, kind: 'xyz' | 'wmts', url: string): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/[{}]/g, (brace) => (brace === '{' ? '%7B' : '%7D')));
  } catch {
    reader.problem('url', `瓦片地址（url）不是有效的网址：“${url.slice(0, 80)}”`);
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    reader.problem('url', `瓦片地址（url）须以 http:// 或 https:// 开头，收到 ${parsed.protocol.replace(/:$/, '')}://`);
    return;
  }
  if (parsed.username || parsed.password) reader.problem('url', '瓦片地址（url）不能含用户名或密码：它会出现在每个浏览器的请求里');
  const placeholders = [...url.matchAll(/\{([^{}]*)\}/g)].map((m) => m[0]);
  const wmts = WMTS_PLACEHOLDERS.map(([pattern]) => pattern);
  const xyzNames = ['{z}', '{x}', '{y}'];
  const hasXyz = xyzNames.every((name) => placeholders.includes(name));
  const hasWmts = wmts.every((pattern) => placeholders.some((p) => new RegExp(`^${pattern.source}$`, 'i').test(p)));
  if (kind === 'xyz' && !hasXyz) {
    const missing = xyzNames.filter((name) => !placeholders.includes(name));
    reader.problem('url', `XYZ 瓦片地址（url）须含 {z}、{x}、{y} 占位符，缺少 ${missing.join('、')}`);
  }
  if (kind === 'wmts' && !hasWmts && !hasXyz) {
    reader.problem('url', 'WMTS 瓦片地址（url）须含 {TileMatrix}、{TileRow}、{TileCol} 占位符（REST 模板，或 KVP 的 TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}）');
  }
  const allowed = (p: string) => xyzNames.includes(p) || (kind === 'wmts' && wmts.some((pattern) => new RegExp(`^${pattern.source}$`, 'i').test(p)));
  const unknown = [...new Set(placeholders.filter((p) => !allowed(p)))];
  if (unknown.length) {
    const hint = unknown.includes('{s}') ? '；不支持 {s} 子域名轮换，请写出其中一个子域名' : '';
    reader.problem('url', `瓦片地址（url）含不支持的占位符 ${unknown.slice(0, 5).join('、')}${hint}`);
  }
  if (kind === 'wmts' && /[?&]request=/i.test(url) && !/[?&]request=gettile(&|$)/i.test(url)) {
    reader.problem('url', 'WMTS KVP 地址（url）的 REQUEST 应为 GetTile');
  }
  const matrixSet = geographicMatrixSet(parsed);
  if (matrixSet) reader.problem('url', `瓦片地址（url）用的是经纬度瓦片矩阵（TILEMATRIXSET=${matrixSet.slice(0, 20)}，CGCS2000/EPSG:4490 一类），地图无法绘制；请改用 Web 墨卡托矩阵（天地图为 _w 服务、TILEMATRIXSET=w）`);
}

function tileService(reader: Reader, kind: 'xyz' | 'wmts'): Parsed<TileServiceInput> {
  const name = reader.text('name', '名称', BASE_LAYER_LIMITS.name, { required: true });
  const attribution = reader.text('attribution', '版权说明', BASE_LAYER_LIMITS.attribution, { required: true });
  const url = reader.text('url', '瓦片地址', BASE_LAYER_LIMITS.url, { required: true });
  checkTemplate(reader, kind, url);
  const crsText = reader.text('crs', '坐标系', 40, { required: false, fallback: 'EPSG:3857' });
  if (!WEB_MERCATOR.test(crsText)) reader.problem('crs', refusedCrs(crsText));
  const minZoom = reader.zoom('minZoom', '最小级别', 0);
  const maxZoom = reader.zoom('maxZoom', '最大级别', 18);
  if (minZoom > maxZoom) reader.problem('maxZoom', `最大级别（maxZoom）${maxZoom} 小于最小级别（minZoom）${minZoom}`);
  const size = reader.body.tileSize ?? 256;
  if (size !== 256 && size !== 512) reader.problem('tileSize', `瓦片大小（tileSize）应为 256 或 512 像素`);
  return reader.done({ kind, name, attribution, url, minZoom, maxZoom, tileSize: size === 512 ? 512 : 256, crs: 'EPSG:3857' });
}

function tianditu(reader: Reader): Parsed<TiandituInput> {
  const layerValue = reader.body.layer ?? 'vec';
  const layer: TiandituLayer = layerValue === 'img' ? 'img' : 'vec';
  if (layerValue !== 'vec' && layerValue !== 'img') reader.problem('layer', '天地图图层（layer）应为 vec（矢量）或 img（影像）');
  const name = reader.text('name', '名称', BASE_LAYER_LIMITS.name, { required: true, fallback: TIANDITU_NAMES[layer] });
  const attribution = reader.text('attribution', '版权说明', BASE_LAYER_LIMITS.attribution, { required: false, fallback: TIANDITU_ATTRIBUTION });
  const key = reader.text('key', '天地图密钥', BASE_LAYER_LIMITS.key, { required: true });
  if (key && !/^[0-9A-Za-z]{16,64}$/.test(key)) reader.problem('key', '天地图密钥（key）应为 16–64 位字母或数字（天地图控制台“应用管理”中的 Key）');
  const maxZoom = reader.zoom('maxZoom', '最大级别', 18);
  if (maxZoom > 18) reader.problem('maxZoom', '天地图最大级别（maxZoom）为 18');
  return reader.done({ kind: 'tianditu', name, attribution, key, layer, minZoom: 1, maxZoom });
}

/**
 * A base layer as sent by the admin (POST, or PUT of an existing one: `kind` must then stay what it was). Returns the
 * typed layer, or every problem found.
 */
export function parseBaseLayerInput(body: unknown, existingKind?: BaseLayerInput['kind']): Parsed<BaseLayerInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: [{ field: 'body', message: '请求内容应为 JSON 对象' }] };
  const reader = new Reader(body as Record<string, unknown>);
  const kind = reader.body.kind ?? existingKind;
  if (existingKind && kind !== existingKind) return { ok: false, problems: [{ field: 'kind', message: `不能把${existingKind}底图改为 ${String(kind).slice(0, 20)}，请新建一个` }] };
  switch (kind) {
    case 'xyz':
    case 'wmts':
      return tileService(reader, kind === 'xyz' ? 'xyz' : 'wmts');
    case 'tianditu':
      return tianditu(reader);
    case 'pmtiles': {
      if (!existingKind) return { ok: false, problems: [{ field: 'kind', message: '离线底图包（pmtiles）请通过上传文件添加' }] };
      const name = reader.text('name', '名称', BASE_LAYER_LIMITS.name, { required: true });
      const attribution = reader.text('attribution', '版权说明', BASE_LAYER_LIMITS.attribution, { required: false });
      return reader.done({ kind: 'pmtiles', name, attribution });
    }
    default:
      return { ok: false, problems: [{ field: 'kind', message: '底图类型（kind）应为 xyz、wmts 或 tianditu（离线底图包请上传文件）' }] };
  }
}
