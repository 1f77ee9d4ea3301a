/**
 * Import fixtures written by GDAL at test time, not by our own writers, so that a misreading of ours cannot agree
 * with itself: a small GeoJSON written by the test goes through `ogr2ogr` (Debian's gdal-bin) into the format under
 * test, in a temporary directory removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A Shapefile written by `ogr2ogr -f "ESRI Shapefile"` from `geojson`, with `layerOptions` (e.g. `ENCODING=GBK`):
 * its files by lower-case extension (shp, shx, dbf, prj, and cpg when GDAL writes one).
 */
export async function gdalShapefile(geojson: object, layerOptions: string[], layer = 'parcels'): Promise<Record<string, Uint8Array>> {
  const dir = await mkdtemp(join(tmpdir(), 'panhuo-gdal-'));
  try {
    await writeFile(join(dir, 'in.geojson'), JSON.stringify(geojson));
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', ...layerOptions.flatMap((o) => ['-lco', o]), '-nln', layer, join(dir, 'out'), join(dir, 'in.geojson')]);
    const files: Record<string, Uint8Array> = {};
    for (const name of await readdir(join(dir, 'out'))) files[name.split('.').pop()!.toLowerCase()] = new Uint8Array(await readFile(join(dir, 'out', name)));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The names of those files inside a zip, under the layer's name. */
export const asZipMembers = (files: Record<string, Uint8Array>, layer = 'parcels') =>
  Object.fromEntries(Object.entries(files).map(([extension, bytes]) => [`${layer}.${extension}`, bytes]));

export interface GdalDir {
  path(name: string): string;
  write(name: string, content: string | Uint8Array): Promise<string>;
  read(name: string): Promise<Uint8Array<ArrayBuffer>>;
  ogr2ogr(...args: string[]): Promise<void>;
  ogrinfo(...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

export async function gdalDir(): Promise<GdalDir> {
  const dir = await mkdtemp(join(tmpdir(), 'panhuo-gdal-'));
  const path = (name: string) => join(dir, name);
  return {
    path,
    async write(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
    read: async (name) => new Uint8Array(await readFile(path(name))) as Uint8Array<ArrayBuffer>,
    async ogr2ogr(...args) {
      await run('ogr2ogr', args, { cwd: dir });
    },
    async ogrinfo(...args) {
      return (await run('ogrinfo', args, { cwd: dir })).stdout;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
