/**
 * Offline packages on disk: <data directory>/basemaps/<id>.pmtiles. An upload is streamed to a temporary file (never
 * held in memory), counted against the limit and hashed on the way (the hash is its ETag), then checked and renamed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ApiError } from '../http/errors.ts';

/**
 * The largest package accepted: a county's 0.5 m imagery to zoom 17 is a few hundred MB; 2 GB leaves room for a
 * city's and still fits a phone's offline store (the field app saves a package whole).
 */
export const MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024;

export const packageLimitText = (limit: number) =>
  limit >= 1024 ** 3 ? `${limit / 1024 ** 3} GB` : limit >= 1024 ** 2 ? `${Math.round(limit / 1024 ** 2)} MB` : `${Math.round(limit / 1024)} KB`;

export class PackageStore {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = resolve(dataDir, 'basemaps');
  }

  path(id: number): string {
    return join(this.dir, `${id}.pmtiles`);
  }

  /**
   * Writes the body to a temporary file; 413 past `limit` bytes. A sender that stops half-way, or is still sending when
   * `signal` aborts (the upload's deadline), gets a 400 and the partial file is removed.
   */
  async receive(body: ReadableStream<Uint8Array> | null, limit: number, signal?: AbortSignal): Promise<{ path: string; bytes: number; etag: string }> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `upload-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(new ApiError(413, 'too_large', `离线底图包过大：超过 ${packageLimitText(limit)} 的上限`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      if (!body) throw new ApiError(400, 'empty_file', '请求中没有文件内容（请求体应为 PMTiles 文件本身）');
      await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), counter, createWriteStream(path), { signal });
    } catch (error) {
      await rm(path, { force: true });
      // The sender stopped half-way (connection lost, upload cancelled): nothing is kept, and it is not our fault.
      throw error instanceof ApiError ? error : new ApiError(400, 'upload_interrupted', '上传中断，文件未保存，请重新上传');
    }
    if (bytes === 0) {
      await rm(path, { force: true });
      throw new ApiError(400, 'empty_file', '上传的文件是空的（0 字节）');
    }
    return { path, bytes, etag: `"${hash.digest('hex').slice(0, 32)}"` };
  }

  keep(temporary: string, id: number): Promise<void> {
    return rename(temporary, this.path(id));
  }

  discard(path: string): Promise<void> {
    return rm(path, { force: true });
  }
}
