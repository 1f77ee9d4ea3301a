import { describe, expect, it } from 'vitest';
import type { Pace } from '../../core/progress.ts';
import type { UnitProgress } from '../../server/campaigns/progress.ts';
import { rankRows } from '../../web/features/wall/rank-rows.ts';
import type { IsoDate } from '../../core/dates.ts';
import { calloutFigures, kioskTour, MAX_LAGGING, OVERVIEW_SECONDS, UNIT_SECONDS } from '../../web/features/wall/tour.ts';
import { parseWallParams } from '../../web/features/wall/wall-params.ts';

const figures = (rate: number | null, rank: number | null, pace: Pace) => ({ taskMu: rate === null ? null : 100, disposedMu: (rate ?? 0) * 100, rate, rank, pace });

function unit(unitId: number, name: string, overall: ReturnType<typeof figures>, idle: ReturnType<typeof figures>, hasBoundary = true): UnitProgress {
  return { unitId, code: String(unitId), name, kind: 'county', hasBoundary, tasks: { idle }, overall };
}

const units = [
  unit(1, '甲县', figures(0.5, 2, 'behind'), figures(0.9, 1, 'on_track')),
  unit(2, '乙县', figures(0.2, 3, 'behind'), figures(0.1, 2, 'behind')),
  unit(3, '丙县', figures(0.9, 1, 'on_track'), figures(null, null, 'no_task')),
  // Behind, but with no boundary to zoom to.
  unit(4, '丁镇', figures(0.1, 4, 'behind'), figures(0.05, 3, 'behind'), false),
];

describe('the kiosk tour', () => {
  it('shows each task type, then its lagging units with a boundary, furthest behind first', () => {
    expect(kioskTour(units, ['overall', 'idle'])).toEqual([
      { task: 'overall', unitId: null, seconds: OVERVIEW_SECONDS },
      { task: 'overall', unitId: 2, seconds: UNIT_SECONDS },
      { task: 'overall', unitId: 1, seconds: UNIT_SECONDS },
      { task: 'idle', unitId: null, seconds: OVERVIEW_SECONDS },
      { task: 'idle', unitId: 2, seconds: UNIT_SECONDS },
    ]);
  });

  it('stops at the few furthest behind when many are', () => {
    const many = Array.from({ length: 9 }, (_, i) => unit(10 + i, `县${i}`, figures(0.1 * i, i + 1, 'behind'), figures(null, null, 'no_task')));
    const stops = kioskTour(many, ['overall']);
    expect(stops.map((s) => s.unitId)).toEqual([null, ...[10, 11, 12, 13, 14].slice(0, MAX_LAGGING)]);
  });

  it('is only the overviews when nobody is behind', () => {
    const onTrack = units.map((u) => ({ ...u, overall: { ...u.overall, pace: 'on_track' as const } }));
    expect(kioskTour(onTrack, ['overall']).map((s) => s.unitId)).toEqual([null]);
  });
});

describe('the rank table rows', () => {
  it('go by rank and list units without a task last, unranked', () => {
    expect(rankRows(units, 'idle').map((r) => r.unit.name)).toEqual(['甲县', '乙县', '丁镇', '丙县']);
    expect(rankRows(units, 'overall').map((r) => r.figures.rank)).toEqual([1, 2, 3, 4]);
  });
});

describe('a kiosk stop\'s callout', () => {
  it('gives the task, the disposed mu, the gap to the next milestone\'s target and the days to it', () => {
    // 驿城区's task (附件2, 6299 mu) with 4000 mu disposed on 9-20: 70% by 9-30 means 4409.3 mu, 409.3 short, 10 days left.
    const c = calloutFigures({ taskMu: 6299, disposedMu: 4000, rate: 4000 / 6299, rank: 3, pace: 'behind' }, '2021-09-20' as IsoDate, { date: '2021-09-30', targetPct: 70 });
    expect(c.taskMu).toBe(6299);
    expect(c.disposedMu).toBe(4000);
    expect(c.gapMu).toBeCloseTo(409.3, 9);
    expect(c.gapTargetPct).toBe(70);
    expect(c.daysLeft).toBe(10);
  });

  it('after the last milestone measures the gap to the whole task, with no days left to count', () => {
    const c = calloutFigures({ taskMu: 1000, disposedMu: 999, rate: 0.999, rank: 1, pace: 'on_track' }, '2021-12-10' as IsoDate, null);
    expect([c.gapMu, c.gapTargetPct, c.daysLeft]).toEqual([1, 100, null]);
  });
});

describe('the wall\'s address', () => {
  it('keeps an unreadable campaign as an error to show, instead of falling back to another campaign', () => {
    expect(parseWallParams('?campaign=99')).toMatchObject({ campaign: 99, unreadableCampaign: null });
    expect(parseWallParams('?campaign=abc')).toMatchObject({ campaign: null, unreadableCampaign: 'abc' });
    expect(parseWallParams('?campaign=0')).toMatchObject({ campaign: null, unreadableCampaign: '0' });
    expect(parseWallParams('?campaign=1.5')).toMatchObject({ campaign: null, unreadableCampaign: '1.5' });
    expect(parseWallParams('')).toMatchObject({ campaign: null, unreadableCampaign: null, task: 'overall', date: null });
  });
});
