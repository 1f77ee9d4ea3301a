/**
 * A small offline basemap made at test time, no download: the demo campaign's unit boundaries burnt into a GeoTIFF by
 * GDAL (`gdal_rasterize`), cut into Web-Mercator PNG tiles by GDAL (`gdal2tiles.py --xyz`, zooms 7–9), and packed
 * into PMTiles by the test-support writer. The tiles' bytes are GDAL's, so a reader that returns them proves the
 * archive and the serving right.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writePmtiles, type TileBytes } from './pmtiles-writer.ts';

const run = promisify(execFile);
const UNITS = 'data/campaigns/zhumadian-2021/units.geojson';

export interface BasemapFixture {
  /** The PMTiles file. */
  path: string;
  bytes: Uint8Array;
  /** Every tile GDAL wrote, by z/x/y. */
  tiles: TileBytes[];
  remove(): Promise<void>;
}

export async function gdalBasemap(zooms = '7-9'): Promise<BasemapFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'panhuo-basemap-'));
  // The units in cream on a pale green ground around them, three bands; GDAL reprojects to Web Mercator when tiling.
  const burn = [247, 240, 222].flatMap((v) => ['-burn', String(v)]);
  const ground = ['-init', '226', '-init', '235', '-init', '221'];
  await run('gdal_rasterize', ['-q', ...burn, ...ground, '-ot', 'Byte', '-te', '112.3', '31.6', '116.2', '34.0', '-ts', '520', '320', '-l', 'units', UNITS, join(dir, 'units.tif')]);
  await run('gdal2tiles.py', ['--xyz', '-z', zooms, '-w', 'none', '--processes=1', '-q', join(dir, 'units.tif'), join(dir, 'tiles')]);
  const tiles: TileBytes[] = [];
  for (const z of await readdir(join(dir, 'tiles'))) {
    if (!/^\d+$/.test(z)) continue;
    for (const x of await readdir(join(dir, 'tiles', z))) {
      for (const file of await readdir(join(dir, 'tiles', z, x))) {
        const y = file.replace(/\.png$/, '');
        tiles.push({ z: Number(z), x: Number(x), y: Number(y), data: new Uint8Array(await readFile(join(dir, 'tiles', z, x, file))) });
      }
    }
  }
  const bytes = writePmtiles(tiles, 'png', { name: '驻马店单位边界（测试）', attribution: '测试底图 © 盘活' });
  const path = join(dir, 'units.pmtiles');
  await writeFile(path, bytes);
  return { path, bytes, tiles, remove: () => rm(dir, { recursive: true, force: true }) };
}
