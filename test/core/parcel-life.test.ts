import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { addDays, parseIsoDate, type IsoDate } from '../../core/dates.ts';
import type { LifeEvent } from '../../core/parcel-life/events.ts';
import { eventsFromLedger, lifeFromLedger } from '../../core/parcel-life/from-fields.ts';
import { scopeVerdict, type CampaignScope } from '../../core/parcel-life/scope.ts';
import { disposalCategories, lifePeriods, standingOn, standingPeriods, taskTypeOn } from '../../core/parcel-life/standing.ts';

const d = (s: string) => parseIsoDate(s) as IsoDate;
let seq = 0;
const ev = <E extends Omit<LifeEvent, 'seq' | 'date'>>(date: string, e: E) => ({ ...e, date: d(date), seq: seq++ }) as unknown as LifeEvent;
/** On the day before an event and on its day. */
const around = (events: LifeEvent[], date: string, mu: number) => [standingOn(events, addDays(d(date), -1), mu), standingOn(events, d(date), mu)] as const;

// 批而未征 → 征而未供 → 未供即用 → supplied (out of the ledger) → 供后闲置 → disposed by 动工开发 in two steps.
//   2015-03-10 approved ─ 2016-05-01 expropriated ─ 2017-02-01 found in use ─ 2018-06-30 supplied (出让)
//   ─ 2018-07-01 agreed start 2019-01-01 ─ 2020-07-01 declared idle ─ 2021-04-30 disposal 4 mu ─ 2021-09-30 disposal 6 mu
const fourCategories: LifeEvent[] = [
  ev('2021-09-30', { kind: 'disposal', mu: 6, method: '动工开发' }),
  ev('2015-03-10', { kind: 'approved', approvalNumber: '豫政土〔2015〕12号', approvedMu: 10 }),
  ev('2016-05-01', { kind: 'expropriated' }),
  ev('2017-02-01', { kind: 'found_in_use' }),
  ev('2018-06-30', { kind: 'supplied', method: '出让', supervisionNumber: '4117022018B00345', priceWan: 1000 }),
  ev('2018-07-01', { kind: 'agreed_start', agreedStartDate: d('2019-01-01') }),
  ev('2020-07-01', { kind: 'declared_idle' }),
  ev('2021-04-30', { kind: 'disposal', mu: 4, method: '动工开发' }),
];

describe('a parcel’s category and status on a date follow from its events', () => {
  it('passes through four categories, each in force from its event’s day (the day before is the old one)', () => {
    const at = (date: string) => around(fourCategories, date, 10);
    expect(standingOn(fourCategories, d('2015-03-09'), 10)).toMatchObject({ phase: 'unrecorded', category: null, status: null });
    let [before, on] = at('2015-03-10');
    expect([before.phase, on.category, on.status, on.approvalDate]).toEqual(['unrecorded', 'approved_not_expropriated', 'registered', '2015-03-10']);
    [before, on] = at('2016-05-01');
    expect([before.category, on.category, on.since]).toEqual(['approved_not_expropriated', 'expropriated_not_supplied', '2016-05-01']);
    [before, on] = at('2017-02-01');
    expect([before.category, on.category]).toEqual(['expropriated_not_supplied', 'used_before_supply']);
    [before, on] = at('2018-06-30');
    expect([before.category, on.phase, on.category, on.status]).toEqual(['used_before_supply', 'supplied', null, null]);
    expect(on.supply).toEqual({ date: '2018-06-30', method: '出让', supervisionNumber: '4117022018B00345', priceWan: 1000 });
    expect(taskTypeOn(on)).toBeNull();
    [before, on] = at('2020-07-01');
    expect([before.phase, on.category, on.status, on.agreedStartDate]).toEqual(['supplied', 'idle', 'registered', '2019-01-01']);
    expect(taskTypeOn(on)).toBe('idle');
    [before, on] = at('2021-04-30');
    expect([before.status, before.disposedMu, on.status, on.disposedMu]).toEqual(['registered', 0, 'in_progress', 4]);
    [before, on] = at('2021-09-30');
    expect([before.status, on.status, on.disposedMu]).toEqual(['in_progress', 'disposed', 10]);
    expect(on.problems).toEqual([]);
  });

  it('draws the periods between events, the last one open', () => {
    expect(lifePeriods(fourCategories, 10).map((p) => [p.category ?? p.phase, p.from, p.until])).toEqual([
      ['approved_not_expropriated', '2015-03-10', '2016-05-01'],
      ['expropriated_not_supplied', '2016-05-01', '2017-02-01'],
      ['used_before_supply', '2017-02-01', '2018-06-30'],
      ['supplied', '2018-06-30', '2020-07-01'],
      ['idle', '2020-07-01', null],
    ]);
  });

  it('a withdrawn approval (撤销批文) leaves the ledger from its day; the disposal recorded first that day still counts', () => {
    const events = [
      ev('2012-01-01', { kind: 'approved' }),
      ev('2021-06-15', { kind: 'disposal', mu: 3, method: '撤销批文' }),
      ev('2021-06-15', { kind: 'approval_withdrawn' }),
    ];
    const [before, on] = around(events, '2021-06-15', 3);
    expect([before.category, before.status]).toEqual(['approved_not_expropriated', 'registered']);
    expect([on.phase, on.category, on.status, on.problems]).toEqual(['withdrawn', null, null, []]);
    expect(lifePeriods(events, 3).map((p) => [p.category ?? p.phase, p.until])).toEqual([['approved_not_expropriated', '2021-06-15'], ['withdrawn', null]]);
  });

  it('keeps events that do not fit as problems, in words, and changes nothing they cannot', () => {
    const events = [
      ev('2019-01-01', { kind: 'registered', category: 'expropriated_not_supplied' }),
      ev('2019-02-01', { kind: 'declared_idle' }),
      ev('2019-03-01', { kind: 'disposal', mu: 5, method: '供应（出让）' }),
      ev('2019-04-01', { kind: 'disposal', mu: 1, method: '供应（出让）' }),
    ];
    const s = standingOn(events, d('2019-12-31'), 5.5);
    expect(s.category).toBe('expropriated_not_supplied');
    expect(s.status).toBe('disposed');
    expect(s.problems.map((p) => p.code)).toEqual(['out_of_order', 'over_disposed']);
    expect(s.problems[0]!.message).toContain('认定闲置');
    expect(s.problems[0]!.message).toContain('征而未供');
    expect(s.problems[1]!.message).toContain('6 亩');
  });

  it('same-day events apply in the order they were recorded, whatever order they arrive in', () => {
    const a = ev('2020-01-01', { kind: 'approved' });
    const b = ev('2020-01-01', { kind: 'expropriated' });
    expect(standingOn([b, a], d('2020-01-01'), 1).category).toBe('expropriated_not_supplied');
  });

  it('a plan marks the status, and a category change starts the disposal count again', () => {
    const events = [
      ev('2020-01-01', { kind: 'registered', category: 'inefficient' }),
      ev('2020-02-01', { kind: 'planned', method: '转型升级' }),
      ev('2020-03-01', { kind: 'disposal', mu: 2, method: '转型升级' }),
      ev('2020-04-01', { kind: 'declared_idle' }),
    ];
    expect(standingOn(events, d('2020-02-01'), 8).status).toBe('planned');
    expect(standingOn(events, d('2020-03-31'), 8)).toMatchObject({ status: 'in_progress', disposedMu: 2 });
    expect(standingOn(events, d('2020-04-01'), 8)).toMatchObject({ category: 'idle', status: 'registered', disposedMu: 0 });
  });
});

describe('the periods a parcel’s standing holds over (what 台账截至 keeps per parcel)', () => {
  /** The period holding on `date`: from ≤ date < until. */
  const periodOn = (periods: ReturnType<typeof standingPeriods>, date: IsoDate) =>
    periods.filter((p) => (p.from === null || p.from <= date) && (p.until === null || date < p.until));

  it('agree with standingOn on the day before, of and after every event, with one period per day and none empty', () => {
    const sameDay = [
      ev('2019-01-01', { kind: 'registered', category: 'expropriated_not_supplied' }),
      ev('2019-06-01', { kind: 'disposal', mu: 3, method: '供应' }),
      ev('2019-06-01', { kind: 'disposal', mu: 5, method: '供应' }),
      ev('2019-06-01', { kind: 'struck_off', reason: null }),
      ev('2020-01-01', { kind: 'planned', method: null }),
    ];
    const withdrawn = [
      ev('2012-05-01', { kind: 'approved', approvalNumber: null, approvedMu: 20 }),
      ev('2014-01-01', { kind: 'planned', method: '撤销批文' }),
      ev('2014-01-01', { kind: 'approval_withdrawn' }),
    ];
    for (const [events, mu] of [[fourCategories, 10], [sameDay, 8], [withdrawn, 20]] as const) {
      const periods = standingPeriods(events, mu);
      expect(periods[0]!.from).toBeNull();
      for (const [a, b] of periods.slice(0, -1).map((p, i) => [p, periods[i + 1]!] as const)) {
        expect(a.until).toBe(b.from);
        expect([a.phase, a.category, a.status]).not.toEqual([b.phase, b.category, b.status]);
      }
      expect(periods[periods.length - 1]!.until).toBeNull();
      for (const e of events) {
        for (const date of [addDays(e.date, -1), e.date, addDays(e.date, 1)]) {
          const s = standingOn(events, date, mu);
          expect(periodOn(periods, date), `${date}`).toEqual([expect.objectContaining({ phase: s.phase, category: s.category, status: s.status })]);
        }
      }
    }
    // Three events on 2019-06-01 make one period: disposed, then struck off the same day — struck off holds that day.
    expect(standingPeriods(sameDay, 8).map((p) => [p.from, p.status])).toEqual([[null, null], ['2019-01-01', 'registered'], ['2019-06-01', 'struck_off']]);
  });
});

describe('the category each disposal counts under (what campaign progress counts it toward)', () => {
  it('is the one in force when it was made: a later 认定闲置 moves nothing; the day’s 供应 recorded after it neither', () => {
    // 征而未供 from 2019; 2021-06-01 a 供应 disposal of 8 mu and then, that day, the 供应 event; 2021-07-01 a disposal
    // of supplied land (in no category); 2023-03-01 认定闲置; 2023-04-01 a disposal by 动工开发.
    const life = [
      ev('2019-04-01', { kind: 'registered', category: 'expropriated_not_supplied' }),
      ev('2021-06-01', { kind: 'disposal', mu: 8, method: '供应（出让）' }),
      ev('2021-06-01', { kind: 'supplied', method: '出让' }),
      ev('2021-07-01', { kind: 'disposal', mu: 1, method: '临时使用' }),
      ev('2023-03-01', { kind: 'declared_idle' }),
      ev('2023-04-01', { kind: 'disposal', mu: 5, method: '动工开发' }),
    ];
    expect(disposalCategories(life, 20).map(({ disposal, category }) => [disposal.date, category])).toEqual([
      ['2021-06-01', 'expropriated_not_supplied'], ['2021-07-01', null], ['2023-04-01', 'idle'],
    ]);
    // The day's end says supplied: what parcel_periods holds for 2021-06-01 would count the 8 mu toward no task.
    expect(standingOn(life, d('2021-06-01'), 20)).toMatchObject({ phase: 'supplied', category: null });
    // Recorded the other way round (供应 first), the disposal met supplied land: counted nowhere, and said so.
    const supplyFirst = [life[0]!, { ...life[2]!, seq: life[1]!.seq }, { ...life[1]!, seq: life[2]!.seq }];
    expect(disposalCategories(supplyFirst, 20).map((x) => x.category)).toEqual([null]);
    expect(standingOn(supplyFirst, d('2021-06-01'), 20).problems.map((p) => p.code)).toEqual(['no_category']);
  });
});

describe('a campaign’s scope over the standing ledger', () => {
  const scope: CampaignScope = { baseDate: d('2021-03-31'), categories: ['approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle'], sourceLists: [], approvalYears: { from: 2009, to: 2020 }, decisions: [] };
  const parcel = (parcelId: number, events: LifeEvent[], ledgerMu = 10, sourceLists: string[] = []) => ({ parcelId, ledgerMu, sourceLists, events });

  it('counts what stood in its categories on the base date, undisposed, approved in its years', () => {
    expect(scopeVerdict(parcel(1, fourCategories), scope)).toMatchObject({ inScope: true });
    expect(scopeVerdict(parcel(1, fourCategories), scope).reason).toContain('供后闲置');
    expect(scopeVerdict(parcel(1, fourCategories), { ...scope, baseDate: d('2021-09-30') }).inScope).toBe(false);
    expect(scopeVerdict(parcel(1, fourCategories), { ...scope, baseDate: d('2021-09-29') }).reason).toContain('剩余 6 亩');
    const late = parcel(2, [ev('2021-01-05', { kind: 'approved' })]);
    expect(scopeVerdict(late, scope)).toMatchObject({ inScope: false, reason: '2021 年批准，不在 2009—2020 年范围' });
    expect(scopeVerdict(late, { ...scope, approvalYears: null }).inScope).toBe(true);
    expect(scopeVerdict(parcel(3, [ev('2021-04-01', { kind: 'approved' })]), { ...scope, approvalYears: null }).inScope).toBe(false);
  });

  it('filters by source list, and a person’s decision wins with its reason', () => {
    const listed = parcel(4, [ev('2019-01-01', { kind: 'approved' })], 10, ['全域督察']);
    expect(scopeVerdict(listed, { ...scope, sourceLists: ['省厅基数清单'] }).inScope).toBe(false);
    expect(scopeVerdict(listed, { ...scope, sourceLists: ['省厅基数清单', '全域督察'] }).inScope).toBe(true);
    const excluded = scopeVerdict(listed, { ...scope, decisions: [{ parcelId: 4, include: false, reason: '涉法涉诉，另案处理', by: '陈工' }] });
    expect(excluded).toMatchObject({ inScope: false, reason: '人工排除（陈工）：涉法涉诉，另案处理' });
  });
});

describe('events read back from a ledger record that predates them', () => {
  it('give back every demo parcel’s category and status, with its disposals, and no problems', async () => {
    const { parcels } = JSON.parse(await readFile('data/demo/zhumadian-parcels.json', 'utf8')) as { parcels: Array<Parameters<typeof eventsFromLedger>[0] & { code: string; ledgerMu: number; disposals: Array<{ date: IsoDate; mu: number; method: string }> }> };
    const mismatches = parcels.flatMap((p) => {
      const events = lifeFromLedger(p, d('2021-05-07'), p.disposals);
      const s = standingOn(events, d('2021-12-31'), p.ledgerMu);
      return s.category === p.category && s.status === p.status && !s.problems.length ? [] : [`${p.code}: ${s.category}/${s.status} ${s.problems.map((x) => x.message).join(' ')}`];
    });
    expect(parcels.length).toBe(418);
    expect(mismatches).toEqual([]);
  });

  it('an idle parcel keeps its supply and agreed start; a 批而未征 parcel is simply its approval', () => {
    const base = { status: 'registered' as const, approvalNumber: null, approvedMu: null, supplyMethod: '划拨', supervisionNumber: null, supplyPriceWan: null, disposalMethod: null };
    const idle = eventsFromLedger({ ...base, category: 'idle', approvalDate: d('2012-04-01'), supplyDate: d('2016-08-08'), agreedStartDate: d('2017-02-08') }, d('2021-05-07'), null);
    expect(idle.map((e) => `${e.kind}@${e.date}`)).toEqual(['approved@2012-04-01', 'supplied@2016-08-08', 'agreed_start@2016-08-08', 'declared_idle@2021-05-07']);
    expect(idle[1]).toMatchObject({ method: '划拨' });
    const waiting = eventsFromLedger({ ...base, category: 'approved_not_expropriated', approvalDate: d('2019-01-01'), supplyDate: null, agreedStartDate: null }, d('2021-05-07'), null);
    expect(waiting.map((e) => e.kind)).toEqual(['approved']);
  });
});
