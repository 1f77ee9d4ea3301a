/**
 * The field app's service worker (built to /sw.js): keeps the app shell so /field opens with no network.
 * - Built assets (hashed, never change): cache first; the list of them is written at build time to /precache.json
 *   and fetched on install, so the lazily loaded field app and MapLibre's worker are there before the first offline
 *   start, not only after they happen to be used.
 * - Pages: network first, else the cached index.html (every route of the single-page app is the same page).
 * - The few public GETs the app starts with (config, base layers, campaigns, a campaign's units): network first, else
 *   cached.
 * - Base-layer tiles of a tile service saved for offline use (天地图 or the bureau's own): cache first.
 * - An offline basemap package saved whole (web/features/field/offline/package.ts): its byte ranges cut from the saved
 *   file, as the server would serve them (206, 416), cache first — a package never changes under its address.
 * Writes (POST…) and everything else pass through untouched: field checks are queued by the app in IndexedDB.
 * Bundled into one classic worker script: its one import (the byte-range rule, shared with the server) is inlined.
 */
import { parseRange } from '../core/basemaps/byte-range.ts';

// The DOM library types are in scope, not the WebWorker ones; these few are all this worker uses.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  location: Location;
  caches: CacheStorage;
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate' | 'message', listener: (event: ExtendableEventLike & { data?: unknown }) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}
const worker = self as unknown as WorkerScope;

const SHELL_CACHE = 'panhuo-shell-v1';
const DATA_CACHE = 'panhuo-data-v1';
/** Shared with the app's offline download (web/features/field/offline/tiles.ts). */
const TILE_CACHE = 'panhuo-tiles-v1';
/** Shared with web/features/field/offline/package.ts. */
const PACKAGE_CACHE = 'panhuo-packages-v1';
const KEEP = [SHELL_CACHE, DATA_CACHE, TILE_CACHE, PACKAGE_CACHE];
const STATIC_FILES = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

async function precache(): Promise<void> {
  const cache = await worker.caches.open(SHELL_CACHE);
  let files: string[] = [];
  try {
    const response = await fetch('/precache.json', { cache: 'no-store' });
    if (response.ok) files = ((await response.json()) as string[]).map((file) => `/${file}`);
  } catch {
    // Offline at install: nothing to add now; the next start online fills the cache.
  }
  const wanted = [...new Set([...files, ...STATIC_FILES])];
  const missing: string[] = [];
  for (const url of wanted) if (!(await cache.match(url))) missing.push(url);
  // One by one: one missing file must not stop the rest from being cached.
  await Promise.all(missing.map((url) => cache.add(url).catch(() => undefined)));
}

worker.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await worker.caches.keys()) if (!KEEP.includes(name)) await worker.caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

// The app asks again on each start online, so a new build's assets are cached without waiting for a new worker.
worker.addEventListener('message', (event) => {
  if (event.data === 'precache') event.waitUntil(precache());
});

async function networkFirst(request: Request, cacheName: string, fallbackUrl?: string): Promise<Response> {
  const cache = await worker.caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await worker.caches.open(cacheName);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

const CACHED_API = [/^\/api\/config$/, /^\/api\/basemaps$/, /^\/api\/campaigns$/, /^\/api\/campaigns\/\d+$/];
const PACKAGE_PATH = /^\/tiles\/basemaps\/\d+\.pmtiles$/;

/** A range of the saved package; the cache's body is a disk-backed blob, so a slice reads only its bytes. */
async function servePackage(request: Request): Promise<Response> {
  const cached = await (await worker.caches.open(PACKAGE_CACHE)).match(request.url);
  if (!cached) return fetch(request);
  const blob = await cached.blob();
  const headers = { 'Accept-Ranges': 'bytes', 'Content-Type': 'application/vnd.pmtiles', ETag: cached.headers.get('ETag') ?? '' };
  const range = parseRange(request.headers.get('range') ?? undefined, blob.size);
  if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${blob.size}` } });
  if (range.kind === 'whole') return new Response(blob, { status: 200, headers: { ...headers, 'Content-Length': String(blob.size) } });
  return new Response(blob.slice(range.start, range.end + 1), {
    status: 206,
    headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${blob.size}`, 'Content-Length': String(range.end - range.start + 1) },
  });
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) {
    // Only base-layer tiles are fetched from other hosts; those saved for offline use are answered from the phone.
    event.respondWith(worker.caches.open(TILE_CACHE).then(async (cache) => (await cache.match(request.url)) ?? fetch(request)));
    return;
  }
  if (PACKAGE_PATH.test(url.pathname)) {
    event.respondWith(servePackage(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL_CACHE, '/index.html'));
  } else if (url.pathname.startsWith('/assets/') || STATIC_FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (CACHED_API.some((pattern) => pattern.test(url.pathname)) && url.search === '') {
    event.respondWith(networkFirst(request, DATA_CACHE));
  }
});
