/**
 * The page's state in its address, so a link shows someone else the same map, filters, parcel and date:
 * `?campaign=1&lon=..&lat=..&z=..&category=a,b&status=a,b&unit=3&parcel=58&date=2021-09-30&task=idle&asOf=2021-09-30`
 * (asOf: the ledger table open, as it stood that day — 台账截至).
 * Parsed once on load into typed values (unknown or malformed values are dropped); written with replaceState
 * so moving the map does not flood the browser history.
 */
import { CATEGORIES, STATUSES, TASK_TYPES, isOneOf, type Category, type Status } from '../core/categories.ts';
import { parseIsoDate, type IsoDate } from '../core/dates.ts';
import type { TaskKey } from './api/types.ts';

export interface MapView {
  lon: number;
  lat: number;
  zoom: number;
}

export interface UrlState {
  campaign: number | null;
  view: MapView | null;
  categories: Category[];
  statuses: Status[];
  unit: number | null;
  parcel: number | null;
  date: IsoDate | null;
  task: TaskKey;
  /** The ledger table shown as it stood on this day (台账截至); null: not asked for. */
  asOf: IsoDate | null;
}

const TASK_KEYS: readonly TaskKey[] = [...TASK_TYPES, 'overall'];

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function finite(text: string | null, min: number, max: number): number | null {
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

function listOf<T extends string>(values: readonly T[], text: string | null): T[] {
  if (!text) return [];
  return [...new Set(text.split(',').filter((v): v is T => isOneOf(values, v)))];
}

export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const lon = finite(p.get('lon'), -180, 180);
  const lat = finite(p.get('lat'), -85, 85);
  const zoom = finite(p.get('z'), 0, 22);
  const task = p.get('task');
  return {
    campaign: positiveInt(p.get('campaign')),
    view: lon !== null && lat !== null && zoom !== null ? { lon, lat, zoom } : null,
    categories: listOf(CATEGORIES, p.get('category')),
    statuses: listOf(STATUSES, p.get('status')),
    unit: positiveInt(p.get('unit')),
    parcel: positiveInt(p.get('parcel')),
    date: parseIsoDate(p.get('date') ?? ''),
    task: isOneOf(TASK_KEYS, task) ? task : 'overall',
    asOf: parseIsoDate(p.get('asOf') ?? ''),
  };
}

export function formatUrlState(state: UrlState): string {
  const p = new URLSearchParams();
  if (state.campaign !== null) p.set('campaign', String(state.campaign));
  if (state.view) {
    // Five decimals of a degree is about a metre: enough to reproduce a view, short enough to share.
    p.set('lon', state.view.lon.toFixed(5));
    p.set('lat', state.view.lat.toFixed(5));
    p.set('z', state.view.zoom.toFixed(2));
  }
  if (state.categories.length) p.set('category', state.categories.join(','));
  if (state.statuses.length) p.set('status', state.statuses.join(','));
  if (state.unit !== null) p.set('unit', String(state.unit));
  if (state.parcel !== null) p.set('parcel', String(state.parcel));
  if (state.date !== null) p.set('date', state.date);
  if (state.task !== 'overall') p.set('task', state.task);
  if (state.asOf !== null) p.set('asOf', state.asOf);
  // URLSearchParams encodes the commas of lists; they are safe in a query and easier to read unencoded.
  const text = p.toString().replaceAll('%2C', ',');
  return text ? `?${text}` : '';
}

export function writeUrlState(state: UrlState): void {
  const search = formatUrlState(state);
  if (search !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${search}`);
}
