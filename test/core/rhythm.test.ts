import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../core/dates.ts';
import { lastFinishedFriday } from '../../core/weeks.ts';
import { differences, parseSubmission, rowOpen, rowState, weeklyDeadline } from '../../core/rhythm/submission.ts';
import { formatChange, monthlyRankings, rankingFridays } from '../../core/rhythm/monthly-ranking.ts';
import { keyCaseStatus, daysLeft } from '../../core/rhythm/key-cases.ts';
import { milestoneVerdictByUnit } from '../../core/milestone-verdicts.ts';

const d = (s: string) => s as IsoDate;
const zhumadian = { startDate: d('2021-05-07'), endDate: d('2021-12-20') };

describe('the default report week', () => {
  it('on 12-20 (a Monday, the campaign’s last day) is the week ending 12-17, not 12-24 after the campaign', () => {
    expect(lastFinishedFriday(zhumadian, d('2021-12-20'), null)).toBe('2021-12-17');
    expect(lastFinishedFriday(zhumadian, d('2026-12-03'), null)).toBe('2021-12-17');
  });
  it('is the week just ended on a Friday, and the week of the last record when the data stop earlier', () => {
    expect(lastFinishedFriday(zhumadian, d('2021-10-01'), null)).toBe('2021-10-01');
    expect(lastFinishedFriday(zhumadian, d('2021-10-04'), d('2021-09-15'))).toBe('2021-09-17');
    expect(lastFinishedFriday(zhumadian, d('2021-05-01'), null)).toBe('2021-05-07');
  });
});

describe('the weekly row', () => {
  const rule = { weekday: 5, time: '18:00' };
  it('is due on the Friday at 18:00 China time (10:00 UTC), or the configured weekday after', () => {
    expect(weeklyDeadline(d('2021-10-01'), rule).toISOString()).toBe('2021-10-01T10:00:00.000Z');
    expect(weeklyDeadline(d('2021-10-01'), { weekday: 1, time: '09:30' }).toISOString()).toBe('2021-10-04T01:30:00.000Z');
  });
  it('is pending, missing, submitted or late; open until the deadline or while reopened', () => {
    const deadline = weeklyDeadline(d('2021-10-01'), rule);
    const before = new Date('2021-10-01T09:59:00Z');
    const after = new Date('2021-10-01T10:01:00Z');
    expect(rowState(null, deadline, before)).toBe('pending');
    expect(rowState(null, deadline, after)).toBe('missing');
    expect(rowState({ late: false }, deadline, after)).toBe('submitted');
    expect(rowState({ late: true }, deadline, after)).toBe('late');
    expect([rowOpen(deadline, before, false), rowOpen(deadline, after, false), rowOpen(deadline, after, true)]).toEqual([true, false, true]);
  });
  it('needs a reason only when the figures differ from the records, and names the task type', () => {
    const types = ['approved_not_supplied', 'idle'] as const;
    const recorded = { approved_not_supplied: 12.34, idle: 0 };
    const same = parseSubmission({ figures: { approved_not_supplied: 12.34, idle: 0 } }, types, recorded);
    expect(same.ok).toBe(true);
    const changed = parseSubmission({ figures: { approved_not_supplied: 15, idle: 0 } }, types, recorded);
    expect(changed).toEqual({ ok: false, problems: { reason: '批而未供与处置记录不一致，须填写更正理由' } });
    const withReason = parseSubmission({ figures: { approved_not_supplied: 15, idle: 0 }, reason: ' 一宗出让合同周五签订，尚未录入 ' }, types, recorded);
    expect(withReason).toEqual({ ok: true, value: { figures: { approved_not_supplied: 15, idle: 0 }, reason: '一宗出让合同周五签订，尚未录入' } });
    expect(differences({ approved_not_supplied: 15, idle: 0 }, recorded, types)).toEqual({ approved_not_supplied: 2.66 });
  });
  it('refuses what is not a week’s figures, field by field', () => {
    const r = parseSubmission({ figures: { approved_not_supplied: -1, inefficient: 3 } }, ['approved_not_supplied', 'idle'], {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems['figures.approved_not_supplied']).toContain('0 到 100000 亩');
    expect(r.problems['figures.idle']).toContain('须为数字');
    expect(r.problems['figures.inefficient']).toContain('不统计');
  });
});

describe('月排名月公布', () => {
  it('ranks on the last report Friday of each month from June, the December one within the campaign', () => {
    expect(rankingFridays(zhumadian, d('2021-06-01'), d('2021-12-20'))).toEqual(
      ['2021-06-25', '2021-07-30', '2021-08-27', '2021-09-24', '2021-10-29', '2021-11-26', '2021-12-17'],
    );
    expect(rankingFridays(zhumadian, d('2021-06-01'), d('2021-08-26'))).toEqual(['2021-06-25', '2021-07-30']);
  });

  it('gives ranks, moves and the units below the expected %, worked by hand', () => {
    // June (expected 25%): A 30%, B 20%, C 10% → 1, 2, 3; B and C below.
    // July (expected 40%): A 35%, B 50%, C 35% → B 1, A and C tie at 2: B ↑1, A ↓1, C ↑1; A and C below.
    const unit = (unitId: number, name: string, overall: number | null) => ({ unitId, name, rates: { overall } });
    const [june, july] = monthlyRankings(
      [
        { friday: d('2021-06-25'), expectedPct: 25, units: [unit(1, 'A', 0.3), unit(2, 'B', 0.2), unit(3, 'C', 0.1), unit(4, 'D', null)] },
        { friday: d('2021-07-30'), expectedPct: 40, units: [unit(1, 'A', 0.35), unit(2, 'B', 0.5), unit(3, 'C', 0.35), unit(4, 'D', null)] },
      ],
      ['overall'],
    );
    const row = (m: typeof june, name: string) => m!.rankings.overall!.find((u) => u.name === name)!;
    expect(june!.rankings.overall!.map((u) => [u.name, u.rank, u.change])).toEqual([['A', 1, null], ['B', 2, null], ['C', 3, null], ['D', null, null]]);
    expect(june!.rankings.overall!.filter((u) => u.belowExpected).map((u) => u.name)).toEqual(['B', 'C']);
    expect(['A', 'B', 'C'].map((n) => [row(july, n).rank, formatChange(row(july, n).change)])).toEqual([[2, '↓1'], [1, '↑1'], [2, '↑1']]);
    expect(july!.rankings.overall!.filter((u) => u.belowExpected).map((u) => u.name).sort()).toEqual(['A', 'C']);
    expect(formatChange(0)).toBe('持平');
  });
});

describe('重点案件', () => {
  it('counts days left, flags due soon and overdue, and a closed case is closed whatever the date', () => {
    expect(daysLeft(d('2021-10-10'), d('2021-10-01'))).toBe(9);
    expect(keyCaseStatus({ deadline: d('2021-10-10'), closedOn: null }, d('2021-10-01'))).toBe('open');
    expect(keyCaseStatus({ deadline: d('2021-10-10'), closedOn: null }, d('2021-10-05'))).toBe('due_soon');
    expect(keyCaseStatus({ deadline: d('2021-10-10'), closedOn: null }, d('2021-10-11'))).toBe('overdue');
    expect(keyCaseStatus({ deadline: d('2021-10-10'), closedOn: d('2021-10-20') }, d('2021-10-30'))).toBe('closed');
  });
});

describe('节点考核', () => {
  it('judges units with a task against the milestone, with the shortfall in mu', () => {
    const v = milestoneVerdictByUnit({ date: '2021-09-30' as IsoDate, targetPct: 70 }, [
      { unitId: 1, name: '甲', taskMu: 1000, disposedMu: 700 },
      { unitId: 2, name: '乙', taskMu: 500, disposedMu: 300 },
      { unitId: 3, name: '丙', taskMu: null, disposedMu: 50 },
    ]);
    expect([v.total, v.reached]).toEqual([2, 1]);
    expect(v.units.map((u) => [u.name, u.reached, u.shortfallMu])).toEqual([['甲', true, 0], ['乙', false, 50]]);
  });
});
