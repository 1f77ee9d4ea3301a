import { sharedWork, withRequestDeadline } from '../db/request-deadline.ts';

/** A page answer made ahead: its bytes as sent, and the data version it was read at. */
export interface MadeAhead {
  /** The data version read in the same statement as the page (one snapshot: on a replica too). */
  version: number;
  body: Uint8Array;
  /** Content-Encoding of `body`, or null when it is sent as it is. */
  encoding: string | null;
  /** The keyset bound of the page after it (its `next` link), or null on the last page. */
  next: number | null;
}

export interface PrefetchLimits {
  /** Answers kept at most (each a page of up to `limit` items). */
  entries: number;
  /** Bytes kept at most over all answers; an answer larger than a quarter of this is not kept. */
  bytes: number;
  /** How long a made answer waits for its request: a client walking pages asks for the next within moments. */
  keepMs: number;
  /** The making stops here (PostgreSQL cancels its statement): it runs free of any request's deadline. */
  boundMs: number;
}

export const PREFETCH_LIMITS: PrefetchLimits = { entries: 4, bytes: 32 * 1024 * 1024, keepMs: 10_000, boundMs: 10_000 };

interface Entry {
  made: Promise<MadeAhead | null>;
  /** Once made (and kept): the answer, and when it stops being served. */
  done: MadeAhead | null;
  expires: number;
}

/**
 * The next page of a keyset walk, made while the client reads this one: when a page is sent its `next` link is known,
 * so its answer (read, written and compressed as the request would have it) is made at once and kept a few seconds for
 * that exact address. A client paging through a collection (GDAL reads 1,000 at a time, one request after the other)
 * then finds the server's part of each page already done. Why not VersionedCache (server/campaigns/cache.ts): the
 * version an answer is valid at is the one its own statement read (known only when made), answers expire after
 * seconds, and they are bounded in bytes, with one made at a time.
 *
 * Never stale: an answer is served only to a request that read the same data version, and answers of an older
 * version are dropped as soon as a newer one is seen. One making at a time per process: it holds at most one pool
 * connection that a request might want, and a second walk in parallel simply computes its own pages.
 */
export class NextPages {
  private readonly entries = new Map<string, Entry>();
  private making = false;

  constructor(private readonly limits: PrefetchLimits = PREFETCH_LIMITS) {}

  /**
   * The answer made ahead for `key` at `version`, or null (none, not made yet and failed, expired, or of another
   * version). One still being made is waited for: its statement is already running.
   */
  async take(key: string, version: number): Promise<MadeAhead | null> {
    this.forgetOlderThan(version);
    const entry = this.entries.get(key);
    const made = entry ? await entry.made : null;
    if (!entry || !made || made.version !== version || Date.now() > entry.expires) return null;
    return made;
  }

  /** Starts making the answer for `key`, unless it is being made or kept (and not expired), or another is being made. */
  start(key: string, make: () => Promise<MadeAhead>): void {
    const kept = this.entries.get(key);
    if (this.making || (kept && (!kept.done || Date.now() <= kept.expires))) return;
    if (kept) this.entries.delete(key);
    this.making = true;
    const entry: Entry = { made: Promise.resolve(null), done: null, expires: Number.POSITIVE_INFINITY };
    entry.made = sharedWork(() => withRequestDeadline(AbortSignal.timeout(this.limits.boundMs), make))
      .then((made) => {
        if (made.body.byteLength > this.limits.bytes / 4) {
          this.drop(key, entry);
          return null;
        }
        entry.done = made;
        entry.expires = Date.now() + this.limits.keepMs;
        this.evictOverBounds();
        return made;
      })
      // A page that could not be made ahead is made by its request, as if never asked for.
      .catch(() => (this.drop(key, entry), null))
      .finally(() => {
        this.making = false;
      });
    this.entries.set(key, entry);
    this.evictOverBounds();
  }

  /** What is kept now (tests: the bounds hold). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes() };
  }

  private bytes(): number {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.done?.body.byteLength ?? 0;
    return bytes;
  }

  private drop(key: string, entry: Entry) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** Data versions only move on: once a request has read a newer one, answers made at an older one are dropped. */
  private forgetOlderThan(version: number) {
    for (const [key, entry] of this.entries) if (entry.done && entry.done.version < version) this.entries.delete(key);
  }

  /** Oldest first (a Map keeps insertion order): expired answers, then any past the count or byte bound. */
  private evictOverBounds() {
    const now = Date.now();
    let bytes = this.bytes();
    for (const [key, entry] of this.entries) {
      if (now <= entry.expires && this.entries.size <= this.limits.entries && bytes <= this.limits.bytes) break;
      this.entries.delete(key);
      bytes -= entry.done?.body.byteLength ?? 0;
    }
  }
}
