import { describe, expect, it } from 'vitest';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { acrossYears, type AcrossYearsRow, type YearParcel } from '../../core/across-years/figures.ts';
import { disposalsOfLife, supplyOn } from '../../core/across-years/parcel-year.ts';
import type { LifeEvent } from '../../core/parcel-life/events.ts';

const d = (s: string) => parseIsoDate(s) as IsoDate;
let seq = 0;
const ev = <E extends Omit<LifeEvent, 'seq' | 'date'>>(date: string, e: E) => ({ ...e, date: d(date), seq: seq++ }) as unknown as LifeEvent;

// A hand-worked ledger of two units (1 and 2), dated on the year boundaries:
//
//  A  unit 1        批A 豫政土〔2016〕1号, 100 mu approved 2016-06-01; ledger 40 mu; expropriated 2017-03-01;
//                   2020-12-31 供应（出让）10 mu; 2021-01-01 列入储备 30 mu (digests, but leaves it unsupplied)
//  B  units 1 + 2   批A as well, ledger 20 mu, half in each unit; approval withdrawn 2021-01-01 (撤销批文, no disposal)
//  C  unit 2        approved 2018-01-01 with no number (a batch of its own), 50 mu; supplied 2020-01-01;
//                   declared idle 2020-12-31; 2021-12-31 动工开发 5 mu; 2022-01-01 动工开发 45 mu
//  D  unit 1        approved 2010-05-01, 征而未供 since 2011; 2021-06-01 加快征收 3 mu; supplied 2021-07-01, idle 2021-08-01;
//                   2021-09-01 动工开发 2 mu (counts as idle: the category on that day)
const A: YearParcel = {
  parcelId: 1, ledgerMu: 40, shares: [{ unitId: 1, share: 1 }],
  events: [
    ev('2016-06-01', { kind: 'approved', approvalNumber: '豫政土〔2016〕1号', approvedMu: 100 }),
    ev('2017-03-01', { kind: 'expropriated' }),
    ev('2020-12-31', { kind: 'disposal', mu: 10, method: '供应（出让）' }),
    ev('2021-01-01', { kind: 'disposal', mu: 30, method: '列入储备' }),
  ],
};
const B: YearParcel = {
  parcelId: 2, ledgerMu: 20, shares: [{ unitId: 1, share: 0.5 }, { unitId: 2, share: 0.5 }],
  events: [
    ev('2016-06-01', { kind: 'approved', approvalNumber: '豫政土〔2016〕1号', approvedMu: 100 }),
    ev('2021-01-01', { kind: 'approval_withdrawn' }),
  ],
};
const C: YearParcel = {
  parcelId: 3, ledgerMu: 50, shares: [{ unitId: 2, share: 1 }],
  events: [
    ev('2018-01-01', { kind: 'approved', approvalNumber: null, approvedMu: 50 }),
    ev('2020-01-01', { kind: 'supplied', method: '出让' }),
    ev('2020-12-31', { kind: 'declared_idle' }),
    ev('2021-12-31', { kind: 'disposal', mu: 5, method: '动工开发' }),
    ev('2022-01-01', { kind: 'disposal', mu: 45, method: '动工开发' }),
  ],
};
const D: YearParcel = {
  parcelId: 4, ledgerMu: 5, shares: [{ unitId: 1, share: 1 }],
  events: [
    ev('2010-05-01', { kind: 'approved', approvalNumber: '豫政土〔2010〕9号', approvedMu: 30 }),
    ev('2011-01-01', { kind: 'expropriated' }),
    ev('2021-06-01', { kind: 'disposal', mu: 3, method: '加快征收' }),
    ev('2021-07-01', { kind: 'supplied', method: '划拨' }),
    ev('2021-08-01', { kind: 'declared_idle' }),
    ev('2021-09-01', { kind: 'disposal', mu: 2, method: '动工开发' }),
  ],
};

const rows = acrossYears({
  years: { from: 2019, to: 2022 },
  unitIds: [1, 2],
  parcels: [A, B, C, D],
  tasks: [
    { year: 2021, unitId: 1, taskType: 'approved_not_supplied', taskMu: 50 },
    // A second campaign of the same year on the same ledger adds its task.
    { year: 2021, unitId: 1, taskType: 'approved_not_supplied', taskMu: 10 },
    { year: 2021, unitId: 2, taskType: 'idle', taskMu: 10 },
    { year: 2022, unitId: 2, taskType: 'idle', taskMu: 40 },
  ],
});
const row = (year: number, unitId: number | null) => rows.find((r) => r.year === year && r.unitId === unitId)!;
/** Batches, approved and supplied mu, to 1e-9 mu (sums of thirds). */
const supply = (r: AcrossYearsRow) => [r.supply.batches, round9(r.supply.approvedMu), round9(r.supply.suppliedMu)];
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

describe('a parcel’s disposals and supply read from its events', () => {
  it('each disposal counts toward the task type of the category in force on its day', () => {
    expect(disposalsOfLife(D.events, D.ledgerMu).map((x) => [x.date, x.taskType])).toEqual([['2021-06-01', 'approved_not_supplied'], ['2021-09-01', 'idle']]);
  });
  it('unsupplied on a day: a supply disposal that day counts, 列入储备 does not; a withdrawal leaves the approval', () => {
    expect(supplyOn(A.events, 40, d('2020-12-30'))).toEqual({ unsuppliedMu: 40, withdrawnMu: 0 });
    expect(supplyOn(A.events, 40, d('2020-12-31'))).toEqual({ unsuppliedMu: 30, withdrawnMu: 0 });
    expect(supplyOn(A.events, 40, d('2021-12-31'))).toEqual({ unsuppliedMu: 30, withdrawnMu: 0 });
    expect(supplyOn(B.events, 20, d('2020-12-31'))).toEqual({ unsuppliedMu: 20, withdrawnMu: 0 });
    expect(supplyOn(B.events, 20, d('2021-01-01'))).toEqual({ unsuppliedMu: 0, withdrawnMu: 20 });
    expect(supplyOn(C.events, 50, d('2019-12-31')).unsuppliedMu).toBe(50);
    expect(supplyOn(C.events, 50, d('2020-01-01')).unsuppliedMu).toBe(0);
    // Supplied land later declared idle is still supplied land.
    expect(supplyOn(C.events, 50, d('2021-12-31')).unsuppliedMu).toBe(0);
  });
});

describe('历年: per unit and year, worked by hand', () => {
  it('a disposal on 31 December is that year’s, one on 1 January the next', () => {
    expect(row(2020, 1).digested).toEqual({ taskMu: null, doneMu: 10, rate: null });
    expect(row(2021, 1).digested).toEqual({ taskMu: 60, doneMu: 33, rate: 33 / 60 });
    expect(row(2021, 2).idle).toEqual({ taskMu: 10, doneMu: 5, rate: 0.5 });
    expect(row(2022, 2).idle).toEqual({ taskMu: 40, doneMu: 45, rate: 45 / 40 });
    expect(row(2021, 1).idle).toEqual({ taskMu: null, doneMu: 2, rate: null });
    expect(row(2021, null).digested).toEqual({ taskMu: 60, doneMu: 33, rate: 33 / 60 });
    expect(row(2021, null).idle).toEqual({ taskMu: 10, doneMu: 7, rate: 0.7 });
    expect(row(2019, null).digested).toEqual({ taskMu: null, doneMu: 0, rate: null });
  });

  it('supply rate of the five years’ approvals at the year’s end: a batch split by where its land lies', () => {
    // 批A: 100 mu over A (40) and B (20): unit 1 weighs (40 + 10) / 60, unit 2 10 / 60.
    const [a1, a2] = [(100 * 50) / 60, (100 * 10) / 60];
    // 2019 (approvals 2014–2018): A 40 and B 20 unsupplied, C not yet supplied.
    expect(row(2019, 1).supply.approvalYears).toEqual({ from: 2014, to: 2018 });
    expect(supply(row(2019, 1))).toEqual([1, round9(a1), round9(a1 - 40 - 10)]);
    expect(supply(row(2019, 2))).toEqual([2, round9(a2 + 50), round9(a2 + 50 - 10 - 50)]);
    // 2020 (2015–2019): A supplied 10 on 31 December; C supplied on 1 January 2020.
    expect(supply(row(2020, 1))).toEqual([1, round9(a1), round9(a1 - 30 - 10)]);
    expect(supply(row(2020, 2))).toEqual([2, round9(a2 + 50), round9(a2 + 50 - 10)]);
    // 2021 (2016–2020): B's approval withdrawn leaves the approved area; 列入储备 is not supply.
    expect(supply(row(2021, 1))[1]).toBeCloseTo(a1 - 10, 9);
    expect(supply(row(2021, 1))[2]).toBeCloseTo(a1 - 10 - 30, 9);
    expect(supply(row(2021, 2))[1]).toBeCloseTo(a2 - 10 + 50, 9);
    expect(row(2021, 2).supply.rate).toBeCloseTo(1, 9);
    // The total: one batch lying in two units is one batch; approved 100 − 20 + 50, unsupplied A's 30.
    expect(row(2021, null).supply.batches).toBe(2);
    expect(row(2021, null).supply.approvedMu).toBeCloseTo(130, 9);
    expect(row(2021, null).supply.rate).toBeCloseTo(100 / 130, 9);
    // 2022 (2017–2021): 批A of 2016 is out of the window; D (2010) never in it.
    expect(supply(row(2022, 1))).toEqual([0, 0, 0]);
    expect(row(2022, 1).supply.rate).toBeNull();
    expect(supply(row(2022, 2))).toEqual([1, 50, 50]);
  });

  it('rows come year by year, units in the order asked, then the total', () => {
    expect(rows.map((r) => [r.year, r.unitId])).toEqual([2019, 2020, 2021, 2022].flatMap((y) => [[y, 1], [y, 2], [y, null]]));
  });
});
