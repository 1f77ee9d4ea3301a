import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoriesOf, taskTypeOf, TASK_TYPES } from '../../core/categories.ts';
import { addDays, parseIsoDate, todayInChina } from '../../core/dates.ts';
import { reportFriday, reportFridays } from '../../core/weeks.ts';

describe('categories and task types', () => {
  it('maps the three 批而未供 categories to one task type and idle/inefficient to their own', () => {
    expect(categoriesOf('approved_not_supplied')).toEqual(['approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply']);
    expect(taskTypeOf('idle')).toBe('idle');
    expect(taskTypeOf('inefficient')).toBe('inefficient');
    expect(TASK_TYPES.flatMap(categoriesOf).sort()).toEqual([...CATEGORIES].sort());
  });
});

describe('ISO dates', () => {
  it('accepts real dates and rejects impossible or malformed ones', () => {
    expect(parseIsoDate('2021-09-30')).toBe('2021-09-30');
    expect(parseIsoDate('2020-02-29')).toBe('2020-02-29');
    expect(parseIsoDate('2021-02-29')).toBeNull();
    expect(parseIsoDate('2021-13-01')).toBeNull();
    expect(parseIsoDate('2021-9-30')).toBeNull();
    expect(parseIsoDate("2021-09-30' OR 1=1")).toBeNull();
  });
  it('adds days across months and takes today in China (UTC+8)', () => {
    expect(addDays(parseIsoDate('2021-09-30')!, 61)).toBe('2021-11-30');
    expect(todayInChina(new Date('2021-09-30T17:00:00Z'))).toBe('2021-10-01');
  });
});

describe('report weeks', () => {
  it('name a week by its Friday (Saturday to Friday)', () => {
    expect(reportFriday(parseIsoDate('2021-05-14')!)).toBe('2021-05-14');
    expect(reportFriday(parseIsoDate('2021-05-15')!)).toBe('2021-05-21');
    expect(reportFriday(parseIsoDate('2021-05-20')!)).toBe('2021-05-21');
  });
  it('cover a span', () => {
    expect(reportFridays(parseIsoDate('2021-05-07')!, parseIsoDate('2021-05-22')!)).toEqual(['2021-05-07', '2021-05-14', '2021-05-21', '2021-05-28']);
  });
});
