import { tileRange, UNITS_MAX_ZOOM, type MercatorBox } from '../../core/tiles/generalisation.ts';
import { dataVersion } from '../campaigns/cache.ts';
import { readIntent } from '../db/replicas.ts';
import { sharedWork } from '../db/request-deadline.ts';
import type { Db } from '../db/types.ts';
import { BUFFER, EXTENT, type TileId } from './tile.ts';

export interface CachedTile {
  body: Uint8Array;
  /** The data version the tile was computed at: an edit elsewhere leaves it (and so the browser's copy) valid. */
  etag: string;
}

interface Entry extends CachedTile {
  tile: TileId;
  /** How it was made, and how long that took: an edit that drops a costly tile has it made again at once. */
  compute: () => Promise<Uint8Array>;
  ms: number;
}

/** Dropped tiles that took at least this long to make are made again by the cache itself (see TileCache). */
export const REMAKE_ABOVE_MS = 100;

/**
 * Work of the cache's own (a remake) reads as a request for a tile would: a replica that has replayed the edit may serve
 * it, so the version this cache has seen never runs ahead of the one its requests read (a read behind it clears all).
 */
const asTileRequest = <T>(work: () => Promise<T>): Promise<T> => readIntent.run({ replicaOk: true, minLsn: null, servedBy: null }, work);

/** Costly tiles dropped by one look at the changes, made again at most this many (the most recently used first). */
const REMAKE_MAX = 16;
/** Edits come in bursts (an import, a boundary and its shares): the remake waits for a quiet moment of this length. */
const REMAKE_AFTER_MS = 250;

/** Past this, a process asleep for a while clears its cache rather than read changes that may already be pruned. */
const CHANGES_KEPT_MS = 60 * 60 * 1000;
const RESYNC_WHOLE_AFTER_MS = CHANGES_KEPT_MS / 2;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** More changed boxes than this since the last look: dropping everything is cheaper than testing each tile. */
const MAX_BOXES = 2000;

/**
 * Computed tiles kept in memory (LRU, bounded in bytes), each dropped when an edit touches it: on every request the
 * cache reads the data version (one tiny query) and, when it moved, the boxes of what changed since (tile_changes,
 * data/migrations/028) — so every process on one database drops the same tiles, whoever made the edit. Tiles of the
 * units zooms (≤ z7) show figures summed over whole units, so any parcel change drops them all.
 * Concurrent requests for one tile share one computation.
 *
 * Unless told not to, once it holds a costly tile the cache also hears every edit (NOTIFY) and makes the costly tiles
 * it dropped again at once, one at a time, as a tile server re-seeds what it truncated: at a province's size the
 * opening view's tile an edit touches takes ~1 s to make, and the next person to open the desk would otherwise wait.
 */
export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedTile>>();
  private bytes = 0;
  private version: number | null = null;
  private syncedAt = 0;
  private prunedAt = 0;

  private remakeQueue: Array<{ key: string; entry: Entry }> = [];
  private remaking = false;
  private remakeTimer: ReturnType<typeof setTimeout> | null = null;
  private hearing = false;

  constructor(
    private readonly db: Db,
    private readonly maxBytes = 64 * 1024 * 1024,
    /** null: tiles are made only when asked for (tests of the cache's own rules). */
    private readonly remakeAboveMs: number | null = REMAKE_ABOVE_MS,
  ) {}

  async get(key: string, tile: TileId, compute: () => Promise<Uint8Array>): Promise<CachedTile> {
    const version = await this.sync();
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const running = this.pending.get(key);
    if (running) return running;
    const started = performance.now();
    const computing = sharedWork(compute)
      .then((body) => {
        const entry: Entry = { tile, body, etag: `W/"${version}"`, compute, ms: performance.now() - started };
        // Stored only if no change was read meanwhile: a tile computed before an edit must not outlive it.
        if (this.version === version) this.store(key, entry);
        return entry;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, computing);
    return computing;
  }

  get size(): { tiles: number; bytes: number } {
    return { tiles: this.entries.size, bytes: this.bytes };
  }

  private store(key: string, entry: Entry) {
    if (entry.body.byteLength > this.maxBytes / 8) return;
    // Edits are heard once there is a costly tile to make again: a city's server, whose tiles are all quick, opens no
    // LISTEN connection for it.
    if (!this.hearing && this.remakeAboveMs !== null && entry.ms >= this.remakeAboveMs) {
      this.hearing = true;
      this.db.onDataChange(() => this.scheduleRemake());
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.evict(oldest, old);
    }
  }

  private evict(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }

  private clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Brings the cache up to the database's data version; returns it. */
  private async sync(): Promise<number> {
    const version = await dataVersion(this.db);
    const now = Date.now();
    if (version === this.version) {
      this.syncedAt = now;
      return version;
    }
    if (this.version === null || now - this.syncedAt > RESYNC_WHOLE_AFTER_MS || version < this.version) {
      this.clear();
    } else {
      const boxes = await this.db.query<{ min_x: number | null; min_y: number; max_x: number; max_y: number }>(
        'SELECT min_x, min_y, max_x, max_y FROM tile_changes WHERE version > $1 AND version <= $2 LIMIT $3',
        [this.version, version, MAX_BOXES + 1],
      );
      if (boxes.length > MAX_BOXES || boxes.some((b) => b.min_x === null)) this.clear();
      else this.drop(boxes.map((b) => ({ minX: b.min_x!, minY: b.min_y, maxX: b.max_x, maxY: b.max_y })));
    }
    this.version = version;
    this.syncedAt = now;
    if (now - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.db.query(`DELETE FROM tile_changes WHERE at < now() - interval '${CHANGES_KEPT_MS / 1000} seconds'`);
    }
    return version;
  }

  /** Drops the tiles any of the boxes touches, within the tile buffer, at each tile's own zoom. */
  private drop(boxes: MercatorBox[]) {
    if (!boxes.length) return;
    const ranges = new Map<number, ReturnType<typeof tileRange>[]>();
    const rangesAt = (z: number) => {
      let r = ranges.get(z);
      if (!r) ranges.set(z, (r = boxes.map((b) => tileRange(b, z, BUFFER / EXTENT))));
      return r;
    };
    const costly: Array<{ key: string; entry: Entry }> = [];
    for (const [key, entry] of this.entries) {
      const { z, x, y } = entry.tile;
      if (z <= UNITS_MAX_ZOOM || rangesAt(z).some((r) => x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY)) {
        this.evict(key, entry);
        if (this.remakeAboveMs !== null && entry.ms >= this.remakeAboveMs) costly.push({ key, entry });
      }
    }
    // The entries run from least to most recently used; what an earlier edit dropped and is not made yet stays queued.
    if (costly.length) {
      const queued = this.remakeQueue.filter((q) => !costly.some((c) => c.key === q.key));
      this.remakeQueue = [...costly.reverse(), ...queued].slice(0, REMAKE_MAX);
      // Free of the deadline of the request whose look dropped them.
      void sharedWork(() => this.runRemake());
    }
  }

  private scheduleRemake() {
    if (this.remakeTimer) clearTimeout(this.remakeTimer);
    this.remakeTimer = setTimeout(() => {
      this.remakeTimer = null;
      // Looking is enough: drop() queues what to make. A failed look is the next request's to make.
      asTileRequest(() => this.sync()).catch(() => undefined);
    }, REMAKE_AFTER_MS);
    this.remakeTimer.unref?.();
  }

  /** Makes the queued tiles one after another through get(), so a request for one of them meanwhile shares the work. */
  private async runRemake() {
    if (this.remaking) return;
    this.remaking = true;
    try {
      for (let next = this.remakeQueue.shift(); next; next = this.remakeQueue.shift()) {
        const { key, entry } = next;
        if (this.entries.has(key)) continue;
        // A failure (the database away, the server closing) leaves the tile to the next request, as without remaking.
        await asTileRequest(() => this.get(key, entry.tile, entry.compute)).catch(() => undefined);
      }
    } finally {
      this.remaking = false;
    }
  }
}
