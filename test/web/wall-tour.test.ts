import { describe, expect, it } from 'vitest';
import type { Pace } from '../../core/progress.ts';
import type { UnitProgress } from '../../server/campaigns/progress.ts';
import { rankRows } from '../../web/features/wall/rank-rows.ts';
import { kioskTour, MAX_LAGGING, OVERVIEW_SECONDS, UNIT_SECONDS } from '../../web/features/wall/tour.ts';

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
