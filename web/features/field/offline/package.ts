/**
 * An offline basemap package saved on the phone whole (the archive's tiles are not cut to the person's units: PMTiles
 * has no cheap way to extract an area in the browser, and a package is made for the campaign's area anyway). It goes
 * into a cache the service worker (web/field-sw.ts) answers the map's range requests from.
 */
import type { PackageInfo } from '../../../../core/basemaps/view.ts';

/** Shared with web/field-sw.ts. */
export const PACKAGE_CACHE = 'panhuo-packages-v1';

const absolute = (url: string) => new URL(url, window.location.origin).href;

/** Whether the package's area and the units' overlap (west, south, east, north). */
export function covers(pkg: PackageInfo, bounds: [number, number, number, number]): boolean {
  const [w, s, e, n] = pkg.bounds;
  return w <= bounds[2] && e >= bounds[0] && s <= bounds[3] && n >= bounds[1];
}

async function isPackageSaved(pkg: PackageInfo): Promise<boolean> {
  const cached = await (await caches.open(PACKAGE_CACHE)).match(absolute(pkg.url));
  return cached?.headers.get('ETag') === pkg.etag;
}

/** Downloads the whole file into the cache (streamed to the browser's storage, not held in the page). */
export async function savePackage(pkg: PackageInfo, signal: AbortSignal): Promise<void> {
  if (await isPackageSaved(pkg)) return;
  const response = await fetch(absolute(pkg.url), { signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`离线底图包下载失败（HTTP ${response.status}）`);
  await (await caches.open(PACKAGE_CACHE)).put(absolute(pkg.url), response);
}
