/**
 * Fixtures written by GDAL (Debian's gdal-bin), not by our own writers, so that a misreading of ours cannot agree
 * with itself. Made at test time in a temp dir from a small GeoJSON the test writes.
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
