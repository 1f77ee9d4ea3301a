import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../server/campaigns/cache.ts';

const later = <T>(value: T, ms = 20) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('the versioned cache', () => {
  it('shares one computation among concurrent requests for the same key and version (single flight)', async () => {
    const cache = new VersionedCache<number>();
    let computed = 0;
    const compute = () => (computed++, later(42));
    const answers = await Promise.all(Array.from({ length: 8 }, () => cache.get('progress/1', 7, compute)));
    expect(answers).toEqual(Array(8).fill(42));
    expect(computed).toBe(1);
  });

  it('computes again when the version moves on, and keeps other keys apart', async () => {
    const cache = new VersionedCache<string>();
    let computed = 0;
    const compute = (value: string) => () => (computed++, later(value));
    expect(await cache.get('a', 1, compute('a1'))).toBe('a1');
    expect(await cache.get('a', 1, compute('never'))).toBe('a1');
    expect(await cache.get('a', 2, compute('a2'))).toBe('a2');
    expect(await cache.get('b', 2, compute('b2'))).toBe('b2');
    expect(computed).toBe(3);
  });

  it('forgets a failed computation, so the next request tries again', async () => {
    const cache = new VersionedCache<number>();
    await expect(cache.get('k', 1, () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(await cache.get('k', 1, () => later(5))).toBe(5);
  });

  it('holds at most its limit of keys, dropping the oldest', async () => {
    const cache = new VersionedCache<number>(2);
    let computed = 0;
    const compute = () => (computed++, later(1, 1));
    for (const key of ['a', 'b', 'c', 'a']) await cache.get(key, 1, compute);
    expect(computed).toBe(4);
  });
});
