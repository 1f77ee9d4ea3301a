import { sharedWork } from '../db/request-deadline.ts';
import type { Queryable } from '../db/types.ts';

/** The database's data version (see migration 004): it moves on with every change progress depends on. */
export async function dataVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: string | number }>('SELECT version FROM data_version');
  return Number(row!.version);
}

/**
 * A small cache of computed answers keyed by what they were computed from, valid while the data version is the one
 * they were computed at. Why not time-based: the wall must show an edit within seconds, and an unchanged campaign
 * should cost one tiny query per request, not the progress aggregation. Single flight: requests that ask for the same
 * key at the same version while it is being computed share that one computation (after an edit every wall asks at
 * once); a computation that fails is forgotten, so the next request tries again.
 */
export class VersionedCache<T> {
  private entries = new Map<string, { version: number; value: Promise<T> }>();
  constructor(private readonly limit = 200) {}

  get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = sharedWork(compute);
    const entry = { version, value };
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
