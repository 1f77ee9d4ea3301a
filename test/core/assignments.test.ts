import { describe, expect, it } from 'vitest';
import { answeredOnPhone, assignmentStatus, daysToDue, MAX_ASSIGN_PARCELS, parseAssignmentInput, shownToAssignee, type AssignmentFacts } from '../../core/assignments.ts';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';

const d = (s: string) => s as IsoDate;
/** Assigned at 10:00 China time on 2026-06-01, due 2026-06-05. */
const task: AssignmentFacts = { createdAt: '2026-06-01T02:00:00.000Z', dueDate: d('2026-06-05'), cancelledAt: null, lastCheckAt: null };

describe('a field assignment’s status (China time)', () => {
  it('is 待核查 up to the last minute of the due day in China, 逾期 from the first minute after', () => {
    // 2026-06-05 23:59 in China is 15:59 UTC; 2026-06-06 00:00 in China is 16:00 UTC on the 5th.
    expect(assignmentStatus(task, new Date('2026-06-05T15:59:59Z'))).toBe('pending');
    expect(assignmentStatus(task, new Date('2026-06-05T16:00:00Z'))).toBe('overdue');
    expect(daysToDue(task.dueDate, new Date('2026-06-05T15:59:59Z'))).toBe(0);
    expect(daysToDue(task.dueDate, new Date('2026-06-05T16:00:00Z'))).toBe(-1);
    expect(daysToDue(task.dueDate, new Date('2026-06-01T02:00:00Z'))).toBe(4);
  });

  it('is 已核查 by a check observed at or after the assignment, even after the due day; not by one before it', () => {
    const late = new Date('2026-06-10T04:00:00Z');
    expect(assignmentStatus({ ...task, lastCheckAt: '2026-06-01T02:00:00.000Z' }, late)).toBe('checked');
    expect(assignmentStatus({ ...task, lastCheckAt: '2026-06-08T02:00:00.000Z' }, late)).toBe('checked');
    expect(assignmentStatus({ ...task, lastCheckAt: '2026-06-01T01:59:59.999Z' }, late)).toBe('overdue');
    expect(assignmentStatus({ ...task, lastCheckAt: '2026-06-01T01:59:59.999Z' }, new Date('2026-06-02T00:00:00Z'))).toBe('pending');
  });

  it('is 已取消 once cancelled, whatever the checks', () => {
    expect(assignmentStatus({ ...task, cancelledAt: '2026-06-02T00:00:00Z', lastCheckAt: '2026-06-03T00:00:00Z' }, new Date('2026-06-04T00:00:00Z'))).toBe('cancelled');
  });

  it('stays in the assignee’s list while open and for 14 days after the check, never when cancelled', () => {
    const checked = { ...task, lastCheckAt: '2026-06-02T00:00:00.000Z' };
    expect(shownToAssignee(task, new Date('2026-07-30T00:00:00Z'))).toBe(true);
    expect(shownToAssignee(checked, new Date('2026-06-16T00:00:00Z'))).toBe(true);
    expect(shownToAssignee(checked, new Date('2026-06-16T00:00:01Z'))).toBe(false);
    expect(shownToAssignee({ ...task, cancelledAt: '2026-06-02T00:00:00Z', cancelledBy: 'x' } as AssignmentFacts, new Date('2026-06-03T00:00:00Z'))).toBe(false);
  });

  it('is answered on the phone by an unsent check of the parcel after the assignment', () => {
    const a = { createdAt: task.createdAt, parcelId: 7 };
    expect(answeredOnPhone(a, [{ parcelId: 7, observedAt: '2026-06-01T03:00:00Z', sent: false }])).toBe(true);
    expect(answeredOnPhone(a, [{ parcelId: 7, observedAt: '2026-06-01T03:00:00Z', sent: true }])).toBe(false);
    expect(answeredOnPhone(a, [{ parcelId: 8, observedAt: '2026-06-01T03:00:00Z', sent: false }])).toBe(false);
    expect(answeredOnPhone(a, [{ parcelId: 7, observedAt: '2026-05-31T03:00:00Z', sent: false }])).toBe(false);
  });
});

describe('an assignment request', () => {
  // 23:30 on 2026-06-01 in China (15:30 UTC).
  const now = new Date('2026-06-01T15:30:00Z');
  const parse = (body: unknown) => parseAssignmentInput(body, now, parseIsoDate);

  it('reads parcels (deduplicated), the field account, the due date and the note', () => {
    expect(parse({ parcelIds: [3, 1, 3], assigneeId: 5, dueDate: '2026-06-01', note: ' 北侧 ' })).toEqual({
      ok: true,
      value: { parcelIds: [3, 1], assigneeId: 5, dueDate: '2026-06-01', note: '北侧' },
    });
  });

  it('refuses a due date before today in China, a year ahead or impossible, naming it', () => {
    // At 00:30 China time on June 2nd (16:30 UTC on June 1st), June 1st is yesterday.
    const after = parseAssignmentInput({ parcelIds: [1], assigneeId: 5, dueDate: '2026-06-01' }, new Date('2026-06-01T16:30:00Z'), parseIsoDate);
    expect(after).toEqual({ ok: false, problems: { dueDate: '完成期限 2026-06-01 早于今天（2026-06-02）' } });
    expect(parse({ parcelIds: [1], assigneeId: 5, dueDate: '2027-06-03' })).toMatchObject({ ok: false, problems: { dueDate: expect.stringContaining('超过一年') } });
    expect(parse({ parcelIds: [1], assigneeId: 5, dueDate: '2026-02-30' })).toMatchObject({ ok: false, problems: { dueDate: expect.stringContaining('YYYY-MM-DD') } });
  });

  it('bounds the selection and names a bad id, a missing person and a long note', () => {
    const many = Array.from({ length: MAX_ASSIGN_PARCELS + 1 }, (_, i) => i + 1);
    const result = parse({ parcelIds: many, assigneeId: 'x', dueDate: '2026-06-09', note: 'n'.repeat(501) });
    expect(result).toEqual({
      ok: false,
      problems: {
        parcelIds: `一次最多指派 ${MAX_ASSIGN_PARCELS} 宗地块，所选为 ${MAX_ASSIGN_PARCELS + 1} 宗，请分批指派`,
        assigneeId: '请选择外业核查人员（assigneeId：账号 id）',
        note: '备注最多 500 字，现为 501 字',
      },
    });
    expect(parse({ parcelIds: [1, 2.5], assigneeId: 5, dueDate: '2026-06-09' })).toMatchObject({ ok: false, problems: { parcelIds: '第 2 项不是有效的地块 id：2.5' } });
    expect(parse({ parcelIds: [], assigneeId: 5, dueDate: '2026-06-09' })).toMatchObject({ ok: false, problems: { parcelIds: expect.stringContaining('请选择') } });
  });
});
