import { describe, expect, it } from 'vitest';
import { parseLsn } from '../../server/db/lsn.ts';

describe('WAL positions compare across the primary and its replicas', () => {
  it('orders by the high half first, then the low half, as PostgreSQL does', () => {
    expect(parseLsn('0/16B3748')! < parseLsn('0/16B3749')!).toBe(true);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(parseLsn('16/B374D848')).toBe(0x16n * 2n ** 32n + 0xb374d848n);
  });
  it('refuses anything that is not a position (a cookie someone edited)', () => {
    for (const text of ['', '0', '0/', '/1', 'G/1', '0/1/2', '123456789/0', ' 0/1', null, undefined]) expect(parseLsn(text)).toBeNull();
  });
});
