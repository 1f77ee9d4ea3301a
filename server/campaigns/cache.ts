import type { Queryable } from '../db/types.ts';

/** The database's data version (see migration 004): it moves on with every change progress depends on. */
export async function dataVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: string | number }>('SELECT version FROM data_version');
  return Number(row!.version);
}

/**
 * A small cache of computed answers keyed by what they were computed from, valid while the data version is the one
 * they were computed at. Why not time-based: the wall must show an edit within seconds, and an unchanged campaign
 * should cost one tiny query per request, not the progress aggregation.
 */
export class VersionedCache<T> {
  private entries = new Map<string, { version: number; value: T }>();
  constructor(private readonly limit = 200) {}

  async get(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = await compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version, value });
    return value;
  }
}
