import type { FileHandle } from 'node:fs/promises';
import type { RangeResponse, Source } from 'pmtiles';

/**
 * A PMTiles archive on this machine's disk, read a range at a time (the pmtiles library's own FileSource is for the
 * browser's File API). A read past the end returns what there is, as an HTTP server clamps a range.
 */
export class NodeFileSource implements Source {
  constructor(
    private readonly file: FileHandle,
    private readonly key: string,
    private readonly size: number,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const buffer = new Uint8Array(wanted);
    if (wanted > 0) await this.file.read(buffer, 0, wanted, offset);
    return { data: buffer.buffer };
  }
}
