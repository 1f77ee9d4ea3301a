import { describe, expect, it } from 'vitest';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { addYears, classifyIdleLand, type IdleLandFacts } from '../../core/idle-land.ts';

const d = (s: string) => parseIsoDate(s) as IsoDate;
const facts = (over: Partial<IdleLandFacts> = {}): IdleLandFacts => ({
  agreedStartDate: d('2019-06-30'), actualStartDate: null, developedShare: null, investmentShare: null,
  haltedSince: null, governmentCause: false, landPriceWan: 1000, startFactsRecorded: true, ...over,
});
const at = (date: string, over?: Partial<IdleLandFacts>) => classifyIdleLand(facts(over), d(date));

describe('idle land (闲置土地处置办法) on dated fixtures, at each boundary day', () => {
  it('not started: not due, then due within 90 days, then idle at one year (fee 20%), recoverable at two', () => {
    // 2020-06-30 is the first idle day; 2020-04-01 is 90 days before it, 2020-03-31 is 91.
    expect(at('2020-03-31')).toMatchObject({ class: 'not_due', daysToIdle: 91 });
    expect(at('2020-04-01')).toMatchObject({ class: 'due_within_90_days', daysToIdle: 90 });
    expect(at('2020-06-29')).toMatchObject({ class: 'due_within_90_days', daysToIdle: 1 });
    expect(at('2020-06-30')).toMatchObject({ class: 'idle_fee', idleFrom: '2020-06-30', daysToIdle: 0, idleFeeWan: 200 });
    expect(at('2021-06-29').class).toBe('idle_fee');
    expect(at('2021-06-30').class).toBe('recoverable');
  });

  it('started and well under way is developing; started, short of 1/3 area or 25% investment, counts from the halt', () => {
    expect(at('2022-01-01', { actualStartDate: d('2019-07-01'), developedShare: 0.5, investmentShare: 0.3 }).class).toBe('developing');
    expect(at('2022-01-01', { actualStartDate: d('2019-07-01'), developedShare: 0.2, investmentShare: 0.3 }).class).toBe('developing');
    const halted = { actualStartDate: d('2019-07-01'), developedShare: 0.2, investmentShare: 0.3, haltedSince: d('2020-03-15') };
    expect(at('2021-03-14', halted)).toMatchObject({ class: 'due_within_90_days', countedFrom: '2020-03-15', daysToIdle: 1 });
    expect(at('2021-03-15', halted).class).toBe('idle_fee');
    expect(at('2022-03-15', halted).class).toBe('recoverable');
    expect(at('2022-03-15', { ...halted, investmentShare: 0.1, developedShare: 0.5 }).class).toBe('recoverable');
    expect(at('2022-03-15', { ...halted, investmentShare: 0.25, developedShare: 0.34 }).class).toBe('developing');
  });

  it('a government cause, recorded by a person, replaces the fee and recovery', () => {
    expect(at('2021-12-01', { governmentCause: true }).class).toBe('government_cause');
    expect(at('2020-05-01', { governmentCause: true }).class).toBe('due_within_90_days');
  });

  it('says when it cannot judge, and leaves the fee unknown without a price', () => {
    expect(at('2021-01-01', { agreedStartDate: null }).class).toBe('no_agreed_date');
    expect(at('2020-07-01', { landPriceWan: null })).toMatchObject({ class: 'idle_fee', idleFeeWan: null });
  });

  it('without recorded start facts: not due before the agreed date, 资料不全 from it on, never a fee or recovery', () => {
    const unrecorded = { startFactsRecorded: false };
    // The agreed date is 2019-06-30: the day before, nothing is missing yet (not started is what is agreed).
    expect(at('2019-06-29', unrecorded)).toMatchObject({ class: 'not_due', daysToIdle: 367 });
    expect(at('2019-06-30', unrecorded)).toMatchObject({ class: 'incomplete', idleFrom: '2020-06-30', daysToIdle: 366, idleFeeWan: null });
    // The days at which recorded facts change class change nothing here.
    for (const day of ['2020-03-31', '2020-04-01', '2020-06-29', '2020-06-30', '2021-06-29', '2021-06-30', '2030-01-01']) {
      const c = at(day, unrecorded);
      expect(c.class, day).toBe('incomplete');
      expect(c.idleFeeWan).toBeNull();
      expect(c.reason).not.toMatch(/无偿收回|闲置费/);
    }
    expect(at('2021-06-30', unrecorded).reason).toContain('开工情况未录入');
    expect(at('2021-06-30', unrecorded).reason).toContain('已于 2020-06-30 满一年');
    // Recorded as not started (an assessment with no start date), the same days classify.
    expect(at('2021-06-30', { startFactsRecorded: true }).class).toBe('recoverable');
    // A missing agreed date is still said as such, recorded or not.
    expect(at('2021-06-30', { ...unrecorded, agreedStartDate: null }).class).toBe('no_agreed_date');
  });

  it('counts years on the calendar, 29 February included', () => {
    expect(addYears(d('2020-02-29'), 1)).toBe('2021-02-28');
    expect(addYears(d('2019-06-30'), 2)).toBe('2021-06-30');
  });
});
