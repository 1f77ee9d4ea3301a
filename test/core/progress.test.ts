import { describe, expect, it } from 'vitest';
import { completionRate, expectedPct, nextMilestone, paceOf, rankWithTies, type Milestone } from '../../core/progress.ts';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';

const d = (s: string) => parseIsoDate(s)!;
const ZHUMADIAN: Milestone[] = [
  { date: d('2021-09-30'), targetPct: 70 },
  { date: d('2021-11-30'), targetPct: 100 },
];
const ANZE: Milestone[] = [
  { date: d('2023-05-31'), targetPct: 25 },
  { date: d('2023-06-30'), targetPct: 50 },
  { date: d('2023-09-30'), targetPct: 85 },
  { date: d('2023-11-30'), targetPct: 100 },
];

describe('completion rate', () => {
  it('is disposed ÷ task, null without a task', () => {
    expect(completionRate(3149.5, 6299)).toBe(0.5);
    expect(completionRate(10, 0)).toBeNull();
    expect(completionRate(10, null)).toBeNull();
  });
});

describe('rank with ties', () => {
  it('gives tied units the same rank and skips the next (1, 2, 2, 4), leaving units without a task unranked', () => {
    const ranks = rankWithTies([
      { key: '驿城区', rate: 0.6 },
      { key: '开发区', rate: 0.9 },
      { key: '示范区', rate: 0.6 },
      { key: '泌阳县', rate: 0.2 },
      { key: '无任务', rate: null },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ 开发区: 1, 驿城区: 2, 示范区: 2, 泌阳县: 4, 无任务: null });
  });
  it('treats rates equal to 0.01 percentage point as ties, as a printed ranking shows them', () => {
    const ranks = rankWithTies([
      { key: 'a', rate: 0.70001 },
      { key: 'b', rate: 0.70003 },
      { key: 'c', rate: 0.7002 },
    ]);
    expect([ranks.get('c'), ranks.get('a'), ranks.get('b')]).toEqual([1, 2, 2]);
  });
});

describe('expected % from milestones', () => {
  it('is 0 at the start, the target on each milestone date, and holds the last target after it', () => {
    expect(expectedPct(d('2021-05-07'), d('2021-05-07'), ZHUMADIAN)).toBe(0);
    expect(expectedPct(d('2021-04-01'), d('2021-05-07'), ZHUMADIAN)).toBe(0);
    expect(expectedPct(d('2021-09-30'), d('2021-05-07'), ZHUMADIAN)).toBe(70);
    expect(expectedPct(d('2021-11-30'), d('2021-05-07'), ZHUMADIAN)).toBe(100);
    expect(expectedPct(d('2021-12-20'), d('2021-05-07'), ZHUMADIAN)).toBe(100);
  });
  it('runs straight between milestones: 31 of the 61 days from 9-30 to 11-30 gives 70% + 30% × 31/61', () => {
    expect(expectedPct(d('2021-10-31') as IsoDate, d('2021-05-07'), ZHUMADIAN)).toBeCloseTo(70 + (30 * 31) / 61, 9);
  });
  it('serves a county campaign with four milestones (Anze: 25/50/85/100%)', () => {
    expect(expectedPct(d('2023-06-30'), d('2023-05-10'), ANZE)).toBe(50);
    expect(expectedPct(d('2023-06-15'), d('2023-05-10'), ANZE)).toBeCloseTo(25 + (25 * 15) / 30, 9);
    expect(nextMilestone(d('2023-07-01'), ANZE)?.targetPct).toBe(85);
    expect(nextMilestone(d('2023-12-01'), ANZE)).toBeNull();
  });
});

describe('pace', () => {
  it('is on track within 5 points below the expectation, ahead 5 points above, behind below that', () => {
    expect(paceOf(0.7, 70)).toBe('on_track');
    expect(paceOf(0.66, 70)).toBe('on_track');
    expect(paceOf(0.64, 70)).toBe('behind');
    expect(paceOf(0.75, 70)).toBe('ahead');
    expect(paceOf(null, 70)).toBe('no_task');
  });
});
