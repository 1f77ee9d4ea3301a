import { describe, expect, it } from 'vitest';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { DEFAULT_TOLERANCE } from '../../core/ledger-check.ts';
import { computeWarnings, countWarnings, filterWarnings, type IdleAssessment, type ParcelFacts, type Warning } from '../../core/warnings/index.ts';
import { idleLandWarnings } from '../../core/warnings/idle.ts';
import { areaMismatchWarnings, noDisposalPlanWarnings, staleRecordWarnings } from '../../core/warnings/parcel-rules.ts';
import { unitsBehindWarnings } from '../../core/warnings/units-behind.ts';

const d = (s: string) => parseIsoDate(s) as IsoDate;

/** An idle parcel agreed to start on 2019-06-30, supplied for 1,000 万元: idle from 2020-06-30, recoverable from 2021-06-30. */
const parcel = (over: Partial<ParcelFacts> = {}): ParcelFacts => ({
  id: 7, code: 'T-0007', projectName: '测试项目', category: 'idle', status: 'planned', unitId: 3, unitName: '驿城区',
  ledgerMu: 120, ellipsoidalMu: 120.2, supplyDate: d('2018-12-01'), supplyPriceWan: 1000, agreedStartDate: d('2019-06-30'),
  disposalMethod: '动工开发', lastUpdated: d('2020-01-01'), assessment: null, ...over,
});
const assessment = (over: Partial<IdleAssessment> = {}): IdleAssessment => ({
  actualStartDate: null, haltedSince: null, developedShare: null, investmentShare: null, governmentCause: false,
  governmentCauseNote: null, recordedBy: 'yicheng', recordedAt: '2021-01-05T02:00:00Z', ...over,
});
const idleAt = (date: string, over?: Partial<ParcelFacts>): Warning | undefined => idleLandWarnings([parcel(over)], d(date))[0];
/** The same parcel with its start facts recorded as "not started" by a person. */
const notStarted = assessment();
const recordedAt = (date: string, over?: Partial<ParcelFacts>) => idleAt(date, { assessment: notStarted, ...over });

describe('idle-land warnings at each boundary day, on recorded facts', () => {
  it('says nothing 91 days before the year is up, and warns from 90 days before it', () => {
    expect(recordedAt('2020-03-31')).toBeUndefined();
    expect(recordedAt('2020-04-01')).toMatchObject({ kind: 'idle_land', severity: 'medium', title: '90 天后满一年，将构成闲置土地', facts: { daysToIdle: 90 } });
  });

  it('one year less a day is still "due"; exactly one year is idle, with the fee of 20% of the land price in 万元', () => {
    expect(recordedAt('2020-06-29')).toMatchObject({ facts: { idleClass: 'due_within_90_days', daysToIdle: 1 } });
    const idle = recordedAt('2020-06-30')!;
    expect(idle).toMatchObject({ severity: 'high', facts: { idleClass: 'idle_fee', idleFeeWan: 200 }, date: '2020-06-30', parcelId: 7, parcelCode: 'T-0007' });
    expect(idle.title).toBe('闲置满一年，应征缴土地闲置费 200.00 万元');
    expect(idle.detail).toContain('出让价款 1000 万元 × 20%');
    expect(idle.detail).toContain('面积 120.00 亩');
    expect(idle.detail).toContain('开工情况由 yicheng 录入');
    expect(recordedAt('2020-06-30', { supplyPriceWan: 1234.5 })!.title).toContain('246.90 万元');
    expect(recordedAt('2020-06-30', { supplyPriceWan: null })!.title).toContain('金额待核定');
  });

  it('two years less a day still owes the fee; exactly two years is recoverable without compensation', () => {
    expect(recordedAt('2021-06-29')!.facts).toMatchObject({ idleClass: 'idle_fee' });
    const recoverable = recordedAt('2021-06-30')!;
    expect(recoverable).toMatchObject({ severity: 'high', facts: { idleClass: 'recoverable', daysToIdle: -365 } });
    expect(recoverable.title).toBe('闲置满两年，可无偿收回（已闲置 365 天）');
  });

  it('shows the government cause as such, with the note a person recorded, instead of a fee or recovery', () => {
    const w = idleAt('2021-07-01', { assessment: assessment({ governmentCause: true, governmentCauseNote: '规划调整' }) })!;
    expect(w).toMatchObject({ severity: 'low', title: '政府原因造成闲置，按办法另行处置', facts: { idleClass: 'government_cause', assessed: true } });
    expect(w.detail).toContain('政府原因：规划调整');
    expect(w.detail).toContain('由 yicheng 录入');
    // Before the year is up, the cause changes nothing: the parcel is still about to be idle.
    expect(idleAt('2020-06-29', { assessment: assessment({ governmentCause: true, governmentCauseNote: '规划调整' }) })!.facts).toMatchObject({ idleClass: 'due_within_90_days' });
  });

  it('counts from the halt when work started and stopped short of 1/3 of the area; well-under-way land raises nothing', () => {
    const halted = assessment({ actualStartDate: d('2019-07-01'), haltedSince: d('2020-03-15'), developedShare: 0.2, investmentShare: 0.3 });
    expect(idleAt('2021-03-14', { assessment: halted })!.facts).toMatchObject({ idleClass: 'due_within_90_days', daysToIdle: 1 });
    expect(idleAt('2021-03-15', { assessment: halted })!.facts).toMatchObject({ idleClass: 'idle_fee' });
    expect(idleAt('2022-01-01', { assessment: { ...halted, developedShare: 0.5 } })).toBeUndefined();
  });

  it('leaves out resolved parcels, parcels supplied after the date, and other categories without an assessment', () => {
    expect(idleAt('2021-07-01', { status: 'disposed' })).toBeUndefined();
    expect(idleAt('2021-07-01', { status: 'struck_off' })).toBeUndefined();
    expect(idleAt('2021-07-01', { supplyDate: d('2021-07-02') })).toBeUndefined();
    expect(idleAt('2021-07-01', { category: 'inefficient' })).toBeUndefined();
    expect(idleAt('2021-07-01', { category: 'inefficient', assessment: assessment() })!.facts).toMatchObject({ idleClass: 'recoverable' });
    expect(idleAt('2021-07-01', { agreedStartDate: null })).toMatchObject({ severity: 'low', facts: { idleClass: 'no_agreed_date' } });
  });
});

describe('idle-land warnings without recorded start facts: 资料不全 at 提示 level', () => {
  it('raises nothing before the agreed date and 资料不全 from it, at every boundary day of the recorded case', () => {
    expect(idleAt('2019-06-29')).toBeUndefined();
    for (const day of ['2019-06-30', '2020-03-31', '2020-04-01', '2020-06-29', '2020-06-30', '2021-06-29', '2021-06-30']) {
      const w = idleAt(day)!;
      expect(w, day).toMatchObject({ severity: 'low', facts: { idleClass: 'incomplete', assessed: false, idleFeeWan: null } });
      expect(w.title).toBe('资料不全：约定动工日期已过，开工情况未录入，无法认定是否闲置');
      expect(`${w.title}${w.detail}`).not.toMatch(/无偿收回|闲置费/);
      expect(w.detail).toContain('开工情况未录入');
    }
    // Recorded the same day as not started, the warning becomes the legal one.
    expect(recordedAt('2021-06-30')!.title).toBe('闲置满两年，可无偿收回（已闲置 365 天）');
  });
});

describe('units behind the expected %', () => {
  const figures = (disposedMu: number) => [{ unitId: 3, unitName: '驿城区', taskType: 'idle' as const, taskMu: 1000, disposedMu }];
  it('warns below the expected line less the 5-point band, and not at the band', () => {
    // Expected 50%: 45% is on track (the band), 44.9% is behind.
    expect(unitsBehindWarnings(figures(450), 50, d('2021-07-01'))).toEqual([]);
    const [w] = unitsBehindWarnings(figures(449), 50, d('2021-07-01'));
    expect(w).toMatchObject({ kind: 'unit_behind', severity: 'medium', unitId: 3, parcelId: null, facts: { shortfallMu: 51 } });
    expect(w!.title).toBe('驿城区闲置土地进度滞后 5.1 个百分点');
    expect(w!.detail).toContain('任务 1000.00 亩，已处置 449.00 亩，完成率 44.9%');
    expect(w!.detail).toContain('应达 50.0%，尚差约 51.00 亩');
  });
  it('is serious from 20 points behind, and silent for units without a task', () => {
    expect(unitsBehindWarnings(figures(300), 50, d('2021-07-01'))[0]!.severity).toBe('high');
    expect(unitsBehindWarnings(figures(301), 50, d('2021-07-01'))[0]!.severity).toBe('medium');
    expect(unitsBehindWarnings([{ ...figures(0)[0]!, taskMu: null }], 50, d('2021-07-01'))).toEqual([]);
  });
});

describe('ledger warnings', () => {
  it('flags open parcels with no disposal method, blank counting as none', () => {
    const ws = noDisposalPlanWarnings([parcel({ disposalMethod: null, status: 'registered' }), parcel({ id: 8, disposalMethod: '  ' }), parcel({ id: 9 }), parcel({ id: 10, disposalMethod: null, status: 'disposed' })], d('2021-07-01'));
    expect(ws.map((w) => [w.parcelId, w.severity])).toEqual([[7, 'medium'], [8, 'low']]);
    expect(ws[0]!.detail).toBe('供后闲置 120.00 亩，状态“已登记”，台账未填写处置方式');
  });

  it('flags an area difference beyond the tolerance (1% or 0.5 mu), in mu, and not one at the tolerance', () => {
    expect(areaMismatchWarnings([parcel({ ledgerMu: 100, ellipsoidalMu: 99 })], DEFAULT_TOLERANCE, d('2021-07-01'))).toEqual([]);
    const [w] = areaMismatchWarnings([parcel({ ledgerMu: 100, ellipsoidalMu: 98.9 })], DEFAULT_TOLERANCE, d('2021-07-01'));
    expect(w!.title).toBe('台账面积比图形多 1.10 亩');
    expect(w!.severity).toBe('medium');
    expect(areaMismatchWarnings([parcel({ ledgerMu: 100, ellipsoidalMu: 111 })], DEFAULT_TOLERANCE, d('2021-07-01'))[0]).toMatchObject({ severity: 'high', title: '台账面积比图形少 11.00 亩' });
    expect(areaMismatchWarnings([parcel({ ellipsoidalMu: null })], DEFAULT_TOLERANCE, d('2021-07-01'))).toEqual([]);
  });

  it('calls a record stale after N days, not at N, and ignores changes after the date', () => {
    const p = parcel({ lastUpdated: d('2021-01-01') });
    expect(staleRecordWarnings([p], 90, d('2021-04-01'))).toEqual([]); // 90 days
    expect(staleRecordWarnings([p], 90, d('2021-04-02'))[0]).toMatchObject({ severity: 'low', title: '91 天未更新', facts: { days: 91 } });
    expect(staleRecordWarnings([p], 30, d('2021-04-02'))[0]!.severity).toBe('medium');
    expect(staleRecordWarnings([parcel({ lastUpdated: d('2021-05-01') })], 90, d('2021-04-02'))).toEqual([]);
  });
});

describe('all warnings of a date and their counts', () => {
  it('orders by severity and counts by kind, severity and unit; filters by kind and unit', () => {
    const ws = computeWarnings({
      date: d('2021-07-01'),
      parcels: [
        parcel({ disposalMethod: null, ledgerMu: 100, ellipsoidalMu: 80, lastUpdated: d('2021-01-01'), assessment: notStarted }),
        parcel({ id: 9, unitId: 4, unitName: '西平县', agreedStartDate: d('2020-09-01'), lastUpdated: d('2021-06-30'), assessment: notStarted }),
      ],
      unitFigures: [{ unitId: 4, unitName: '西平县', taskType: 'idle', taskMu: 100, disposedMu: 0 }],
      expectedPct: 40,
      tolerance: DEFAULT_TOLERANCE,
      staleDays: 90,
    });
    expect(ws.map((w) => `${w.severity}/${w.kind}`)).toEqual(['high/idle_land', 'high/unit_behind', 'high/area_mismatch', 'medium/idle_land', 'medium/stale_record', 'low/no_disposal_plan']);
    const counts = countWarnings(ws);
    expect(counts).toMatchObject({ total: 6, bySeverity: { high: 3, medium: 2, low: 1 }, byKind: { idle_land: 2, unit_behind: 1, no_disposal_plan: 1, area_mismatch: 1, stale_record: 1 } });
    expect(counts.byUnit.find((u) => u.unitId === 4)).toMatchObject({ total: 2, byKind: { idle_land: 1, unit_behind: 1 } });
    expect(filterWarnings(ws, { kinds: ['idle_land'], unitId: 4 }).map((w) => w.parcelId)).toEqual([9]);
    expect(filterWarnings(ws, { kinds: null, unitId: null })).toHaveLength(6);
  });
});
