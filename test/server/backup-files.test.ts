import { describe, expect, it } from 'vitest';
import { backupName, expired, kindOf, takenAt } from '../../server/backup/files.ts';

describe('backup file names and retention', () => {
  it('names a backup by its UTC time and reads the time back', () => {
    const at = new Date('2026-12-03T10:56:07.123Z');
    expect(backupName('embedded', at)).toBe('panhuo-20261203T105607Z.tar.gz');
    expect(backupName('postgres', at)).toBe('panhuo-20261203T105607Z.dump');
    expect(takenAt(backupName('postgres', at))?.toISOString()).toBe('2026-12-03T10:56:07.000Z');
    expect(kindOf('/x/panhuo-20261203T105607Z.tar.gz')).toBe('embedded');
    // Anything not named like one of ours is never listed, hence never pruned.
    expect(takenAt('notes.txt')).toBeNull();
    expect(takenAt('panhuo-20261203T105607Z.tar.gz.part')).toBeNull();
  });

  it('keeps the given number of days, and always the newest', () => {
    const now = new Date('2026-12-10T12:00:00Z');
    const day = (d: number) => ({ takenAt: new Date(now.getTime() - d * 86_400_000) });
    const files = [day(0.5), day(3), day(6.9), day(7.1), day(30)];
    expect(expired(files, now, 7)).toEqual([day(7.1), day(30)]);
    // The only backup, however old, stays: a server down for a month must not wake up to none.
    expect(expired([day(30)], now, 7)).toEqual([]);
    expect(expired([day(40), day(50)], now, 7)).toEqual([day(50)]);
  });
});
