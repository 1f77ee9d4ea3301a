/**
 * Run by test/api/file-worker.test.ts under tsx, as the server runs (`tsx server/main.ts`): reads files through the
 * worker pool and prints what came back, one JSON line per file. Arguments: paths of files to read.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readImportUpload } from '../../server/files/pool.ts';
import { ApiError } from '../../server/http/errors.ts';

for (const path of process.argv.slice(2)) {
  const started = performance.now();
  try {
    const read = await readImportUpload(basename(path), new Uint8Array(await readFile(path)));
    console.log(JSON.stringify({ file: basename(path), ok: read.ok, items: read.ok ? read.candidates.length : 0, ms: performance.now() - started }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.log(JSON.stringify({ file: basename(path), status: error.status, message: error.message, ms: performance.now() - started }));
  }
}
process.exit(0);
