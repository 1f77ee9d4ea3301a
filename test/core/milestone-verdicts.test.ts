import { describe, expect, it } from 'vitest';
import { milestoneVerdict, shortfallMu, type UnitStanding } from '../../core/milestone-verdicts.ts';

// Zhumadian's two milestones (the seed document): 70% of the task by 9-30, 100% by 11-30. 驿城区's task is the
// seed's 附件2 figure (6299 mu); the other figures are made up to land on each side of the line.
const SEP_30 = { date: '2021-09-30', targetPct: 70 };
const NOV_30 = { date: '2021-11-30', targetPct: 100 };

const at = (disposed: Record<string, number>): UnitStanding[] => [
  { unitId: 1, name: '驿城区', taskMu: 6299, disposedMu: disposed['驿城区']! },
  { unitId: 2, name: '西平县', taskMu: 3000, disposedMu: disposed['西平县']! },
  { unitId: 3, name: '上蔡县', taskMu: 2500, disposedMu: disposed['上蔡县']! },
  // A zone with no task of this type: listed by progress, not judged.
  { unitId: 4, name: '开发区', taskMu: null, disposedMu: 12 },
  { unitId: 5, name: '遂平县', taskMu: 1000, disposedMu: disposed['遂平县']! },
];

describe('milestone verdicts', () => {
  it('9-30 (70%): counts the units that reached it and names the others by their shortfall in mu, largest first', () => {
    // Targets by hand: 驿城区 0.7 × 6299 = 4409.3 (has 4500: reached); 西平县 2100 (has 2000: short 100);
    // 上蔡县 1750 (has 1749.96: short 0.04, which a report prints as 0.0, so reached); 遂平县 700 (has 300: short 400).
    const verdict = milestoneVerdict(SEP_30, at({ 驿城区: 4500, 西平县: 2000, 上蔡县: 1749.96, 遂平县: 300 }));
    expect(verdict.judged).toBe(4);
    expect(verdict.reached.map((u) => u.name)).toEqual(['驿城区', '上蔡县']);
    expect(verdict.missed.map((m) => [m.name, Number(m.shortMu.toFixed(6)), m.targetMu])).toEqual([
      ['遂平县', 400, 700],
      ['西平县', 100, 2100],
    ]);
    expect(verdict.shortMu).toBeCloseTo(500, 9);
  });

  it('11-30 (100%): exactly the task is reached; a hair short (0.04 mu) too; 50 mu short is named', () => {
    const verdict = milestoneVerdict(NOV_30, at({ 驿城区: 6299, 西平县: 2950, 上蔡县: 2600, 遂平县: 999.96 }));
    expect(verdict.judged).toBe(4);
    expect(verdict.reached.map((u) => u.name)).toEqual(['驿城区', '上蔡县', '遂平县']);
    expect(verdict.missed).toEqual([{ unitId: 2, name: '西平县', taskMu: 3000, disposedMu: 2950, targetMu: 3000, shortMu: 50 }]);
  });

  it('judges nobody when no unit has a task (a campaign whose task tables are not in yet)', () => {
    const verdict = milestoneVerdict(SEP_30, [{ unitId: 1, name: '府城镇', taskMu: null, disposedMu: 0 }]);
    expect(verdict).toEqual({ judged: 0, reached: [], missed: [], shortMu: 0 });
  });

  it('the gap to a target is never negative and vanishes below 0.05 mu', () => {
    expect(shortfallMu(6299, 4000, 70)).toBeCloseTo(409.3, 9);
    expect(shortfallMu(6299, 5000, 70)).toBe(0);
    expect(shortfallMu(100, 69.951, 70)).toBe(0);
    expect(shortfallMu(100, 69.9, 70)).toBeCloseTo(0.1, 9);
  });
});
