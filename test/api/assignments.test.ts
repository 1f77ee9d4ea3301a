import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentStatus, CHECKED_SHOWN_DAYS, shownToAssignee } from '../../core/assignments.ts';
import { fieldAccounts, listAssignments } from '../../server/assignments/queries.ts';
import { createUser } from '../../server/auth/users.ts';
import { startTestServer } from '../support/server.ts';
import { clientWith, DEMO_PASSWORDS, type Client } from '../support/session.ts';

type Session = Client & { cookie: string };

/**
 * 外业核查任务 over a real server: who may assign what to whom, the bounds of a selection, and the status as the server
 * derives it — at the due day's edge in China, and from the field checks recorded through the field-check API.
 *
 * The server's clock is moved by the tests. It starts two days before the real time, so that the field checks posted
 * "after the assignment" still lie in the past, as the field-check API requires.
 */
const REAL_START = Date.now();
let now = new Date(REAL_START - 2 * 86_400_000);
let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Session> = {};
/** Sessions of the demo accounts plus a second field account made here (reassignment needs two). */
const ids: Record<string, number> = {};
/** Live parcels of campaign 1 lying within 驿城区 (yicheng's unit), and some lying in none of its parts. */
let inside: Array<{ id: number; code: string }> = [];
let outside: Array<{ id: number; code: string }> = [];
let nextInside = 0;
const takeInside = () => inside[nextInside++]!;

/** The China calendar day of a time, and a day some days after it. */
const chinaDay = (t: Date, plusDays = 0) => new Date(t.getTime() + 8 * 3_600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
/** 23:59:59 and 00:00:00 around the end of a China calendar day, as instants. */
const lastSecondOf = (day: string) => new Date(`${day}T23:59:59+08:00`);
const firstSecondAfter = (day: string) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000);

async function postCheck(who: Session, parcelId: number, observedAt: Date) {
  const form = new FormData();
  form.set('clientId', randomUUID());
  form.set('state', 'started');
  form.set('notes', '核查');
  form.set('observedAt', observedAt.toISOString());
  const response = await fetch(`${server.url}/api/parcels/${parcelId}/field-checks`, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, body: form });
  expect(response.status).toBe(201);
}

const assign = (who: string, body: unknown) => clients[who]!.request('POST', '/api/assignments', body);
const count = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM field_assignments'))[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ clock: () => now });
  await server.db.transaction((tx) => createUser(tx, { username: 'field2', displayName: '外业二组', role: 'field', password: 'field-two-password-1', unitCodes: [] }));
  for (const name of ['admin', 'yicheng', 'kaifaqu', 'field', 'leader']) clients[name] = await signInKeepingCookie(name, DEMO_PASSWORDS[name]!);
  clients.field2 = await signInKeepingCookie('field2', 'field-two-password-1');
  for (const r of await server.db.query<{ id: number; username: string }>('SELECT id, username FROM users')) ids[r.username] = r.id;
  inside = await server.db.query(
    `SELECT p.id, p.code FROM parcels p JOIN units u ON u.code = '411702'
     WHERE p.deleted_at IS NULL AND p.geom IS NOT NULL AND ST_CoveredBy(p.geom, u.boundary)
       AND EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.parcel_id = p.id AND cp.campaign_id = 1) ORDER BY p.id LIMIT 12`,
  );
  outside = await server.db.query(
    `SELECT p.id, p.code FROM parcels p JOIN units u ON u.code = '411702'
     WHERE p.deleted_at IS NULL AND p.geom IS NOT NULL AND NOT ST_Intersects(p.geom, u.boundary) ORDER BY p.id LIMIT 2`,
  );
  expect(inside.length).toBe(12);
  expect(outside.length).toBe(2);
});
afterAll(() => server?.close());

/** A signed-in client that also keeps its cookie, for the multipart field-check posts. */
async function signInKeepingCookie(username: string, password: string): Promise<Session> {
  const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return Object.assign(clientWith(server.url, cookie, csrfToken), { cookie });
}

describe('who may assign what to whom', () => {
  it('refuses the anonymous (401), field and viewer accounts (403, naming the role), and writes nothing', async () => {
    const before = await count();
    const body = { parcelIds: [inside[0]!.id], assigneeId: ids.field, dueDate: chinaDay(now, 3) };
    const anonymous = await fetch(`${server.url}/api/assignments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anonymous.status).toBe(401);
    const asField = await assign('field', body);
    expect(asField.status).toBe(403);
    expect(asField.body.error.message).toBe('您的角色（外业核查）不能指派外业核查任务');
    expect((await assign('leader', body)).body.error.message).toBe('您的角色（领导查看）不能指派外业核查任务');
    expect(await count()).toBe(before);
  });

  it('lets an editor assign only parcels within their units: one outside refuses the whole selection, naming it', async () => {
    const before = await count();
    const mixed = await assign('yicheng', { parcelIds: [inside[0]!.id, outside[0]!.id], assigneeId: ids.field, dueDate: chinaDay(now, 3) });
    expect(mixed.status).toBe(403);
    expect(mixed.body.error.code).toBe('outside_units');
    expect(mixed.body.error.message).toBe(`地块 ${outside[0]!.code} 不在您负责的单位范围（驿城区）内，不能指派`);
    expect(mixed.body.error.outside).toEqual([outside[0]!.id]);
    expect(await count()).toBe(before);
  });

  it('assigns only to an active field account, naming who the other one is', async () => {
    const toEditor = await assign('admin', { parcelIds: [inside[0]!.id], assigneeId: ids.kaifaqu, dueDate: chinaDay(now, 3) });
    expect(toEditor.status).toBe(400);
    expect(toEditor.body.error.problems.assigneeId).toBe('只能指派给外业核查账号：开发区编辑（演示）（kaifaqu）是编辑账号');
    const nobody = await assign('admin', { parcelIds: [inside[0]!.id], assigneeId: 999_999, dueDate: chinaDay(now, 3) });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toBe('外业核查任务有误：账号 999999 不存在');
  });

  it('bounds a selection at 500, names bad ids, past and malformed due dates, and unknown parcels', async () => {
    const before = await count();
    const many = await assign('admin', { parcelIds: Array.from({ length: 501 }, (_, i) => i + 1), assigneeId: ids.field, dueDate: chinaDay(now, 3) });
    expect(many.status).toBe(400);
    expect(many.body.error.problems.parcelIds).toBe('一次最多指派 500 宗地块，所选为 501 宗，请分批指派');
    const past = await assign('admin', { parcelIds: [inside[0]!.id], assigneeId: ids.field, dueDate: chinaDay(now, -1) });
    expect(past.body.error.problems.dueDate).toBe(`完成期限 ${chinaDay(now, -1)} 早于今天（${chinaDay(now)}）`);
    const malformed = await assign('admin', { parcelIds: [inside[0]!.id, '7'], assigneeId: ids.field, dueDate: '2026-13-01', note: 5 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.problems).toEqual({
      parcelIds: '第 2 项不是有效的地块 id："7"',
      dueDate: '完成期限（dueDate）须为 YYYY-MM-DD 格式的有效日期',
      note: '备注（note）须为文字',
    });
    const unknown = await assign('admin', { parcelIds: [inside[0]!.id, 2_000_000_000], assigneeId: ids.field, dueDate: chinaDay(now, 3) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('地块 2000000000 不存在或已删除');
    expect(await count()).toBe(before);
  });

  it('assigns a selection in one go; the same parcel cannot be given twice while its task is open', async () => {
    const [a, b] = [takeInside(), takeInside()];
    const made = await assign('yicheng', { parcelIds: [a.id, b.id, a.id], assigneeId: ids.field, dueDate: chinaDay(now, 3), note: '核实是否动工' });
    expect(made.status).toBe(201);
    expect(made.body.count).toBe(2);
    for (const t of made.body.assignments) {
      expect(t).toMatchObject({ status: 'pending', statusLabel: '待核查', daysToDue: 3, note: '核实是否动工', assignee: { username: 'field' }, assignedBy: { username: 'yicheng' }, cancelledAt: null, lastCheckAt: null });
    }
    expect(made.body.assignments.map((t: any) => t.parcelCode).sort()).toEqual([a.code, b.code].sort());

    const again = await assign('admin', { parcelIds: [takeInside().id, b.id], assigneeId: ids.field2, dueDate: chinaDay(now, 5) });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`${b.code} 已指派给 外业核查员（演示）（期限 ${chinaDay(now, 3)}，待核查）。请先取消或改派`);
  });
});

describe('the status, derived', () => {
  it('turns 逾期 on the first second after the due day in China, not on the due day’s last second', async () => {
    const saved = now;
    const p = takeInside();
    const due = chinaDay(now, 1);
    const made = await assign('admin', { parcelIds: [p.id], assigneeId: ids.field, dueDate: due });
    const id = made.body.assignments[0].id;
    const statusAt = async (t: Date) => {
      now = t;
      const listed = (await clients.admin!.request('GET', `/api/assignments?parcel=${p.id}`)).body;
      return listed.assignments.find((x: any) => x.id === id);
    };
    expect(await statusAt(lastSecondOf(due))).toMatchObject({ status: 'pending', daysToDue: 0 });
    expect(await statusAt(firstSecondAfter(due))).toMatchObject({ status: 'overdue', statusLabel: '逾期', daysToDue: -1 });
    // Filtered by status, on that day.
    const overdue = (await clients.admin!.request('GET', '/api/assignments?campaign=1&status=overdue')).body.assignments;
    expect(overdue.map((x: any) => x.id)).toContain(id);
    expect(overdue.every((x: any) => x.status === 'overdue')).toBe(true);
    now = saved;
  });

  it('is 已核查 after a check by the assignee made after the assignment; a check before it, or by someone else, does not count', async () => {
    const p = takeInside();
    const assignedAt = now;
    // The field account was there an hour before the task was given: that answers nothing.
    await postCheck(clients.field!, p.id, new Date(assignedAt.getTime() - 3_600_000));
    const made = await assign('yicheng', { parcelIds: [p.id], assigneeId: ids.field, dueDate: chinaDay(now, 2) });
    const id = made.body.assignments[0].id;
    const mine = async () => (await clients.field!.request('GET', '/api/assignments/mine?campaign=1')).body.assignments.find((x: any) => x.id === id);
    expect(await mine()).toMatchObject({ status: 'pending', lastCheckAt: new Date(assignedAt.getTime() - 3_600_000).toISOString() });

    now = new Date(assignedAt.getTime() + 2 * 3_600_000);
    await postCheck(clients.yicheng!, p.id, new Date(assignedAt.getTime() + 3_600_000));
    expect((await mine()).status).toBe('pending');
    await postCheck(clients.field!, p.id, new Date(assignedAt.getTime() + 60_000));
    const done = await mine();
    expect(done).toMatchObject({ status: 'checked', statusLabel: '已核查', lastCheckAt: new Date(assignedAt.getTime() + 60_000).toISOString() });
    // Checked, it can be neither cancelled nor reassigned; a new task may now be given for the parcel.
    expect((await clients.yicheng!.request('POST', `/api/assignments/${id}/cancel`)).status).toBe(409);
    expect((await assign('yicheng', { parcelIds: [p.id], assigneeId: ids.field2, dueDate: chinaDay(now, 2) })).status).toBe(201);
    now = assignedAt;
  });
});

describe('lists, cancel and reassign', () => {
  it('lists by person and campaign; a field account sees only its own tasks, with each parcel’s boundary', async () => {
    const p = takeInside();
    await assign('admin', { parcelIds: [p.id], assigneeId: ids.field2, dueDate: chinaDay(now, 4) });
    const byPerson = (await clients.admin!.request('GET', `/api/assignments?assignee=${ids.field2}`)).body.assignments;
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((x: any) => x.assignee.id === ids.field2)).toBe(true);
    expect((await clients.admin!.request('GET', '/api/assignments?campaign=2')).body.assignments.map((x: any) => x.parcelId)).not.toContain(p.id);

    const asField2 = (await clients.field2!.request('GET', '/api/assignments/mine?campaign=1')).body.assignments;
    expect(asField2.map((x: any) => x.parcelId)).toContain(p.id);
    expect(asField2.every((x: any) => x.assignee.username === 'field2')).toBe(true);
    expect(asField2.find((x: any) => x.parcelId === p.id).geometry.type).toBe('MultiPolygon');
    expect((await clients.field2!.request('GET', `/api/assignments?assignee=${ids.field}`)).status).toBe(403);
    expect((await clients.field2!.request('GET', '/api/assignments')).body.assignments.every((x: any) => x.assignee.username === 'field2')).toBe(true);
    expect((await fetch(`${server.url}/api/assignments`)).status).toBe(401);
    expect((await clients.admin!.request('GET', '/api/assignments?status=done')).body.error.message).toContain('“done”不是任务状态');

    const accounts = (await clients.yicheng!.request('GET', '/api/assignments/field-accounts')).body.accounts;
    expect(accounts.map((a: any) => a.username).sort()).toEqual(['field', 'field2']);
    expect((await clients.field!.request('GET', '/api/assignments/field-accounts')).status).toBe(403);
  });

  it('cancels an open task once; an editor of another unit and a field account may not', async () => {
    const p = takeInside();
    const id = (await assign('yicheng', { parcelIds: [p.id], assigneeId: ids.field, dueDate: chinaDay(now, 3) })).body.assignments[0].id;
    const other = await clients.kaifaqu!.request('POST', `/api/assignments/${id}/cancel`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(`地块 ${p.code} 不在您负责的单位范围（开发区）内，不能取消`);
    expect((await clients.field!.request('POST', `/api/assignments/${id}/cancel`)).status).toBe(403);
    const cancelled = await clients.yicheng!.request('POST', `/api/assignments/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.assignment).toMatchObject({ status: 'cancelled', statusLabel: '已取消', cancelledBy: '驿城区编辑（演示）' });
    const twice = await clients.yicheng!.request('POST', `/api/assignments/${id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(`外业核查任务 ${id}（地块 ${p.code}）已取消，不能再取消`);
    // Gone from the assignee's list; listed again when cancelled ones are asked for.
    expect((await clients.field!.request('GET', '/api/assignments/mine')).body.assignments.map((x: any) => x.id)).not.toContain(id);
    expect((await clients.admin!.request('GET', `/api/assignments?parcel=${p.id}&status=cancelled`)).body.assignments.map((x: any) => x.id)).toEqual([id]);
    expect((await clients.admin!.request('POST', '/api/assignments/99999/cancel')).status).toBe(404);
  });

  it('reassigns an open task to another field account, keeping the note; a past due date must be replaced', async () => {
    const p = takeInside();
    const due = chinaDay(now, 1);
    const id = (await assign('admin', { parcelIds: [p.id], assigneeId: ids.field, dueDate: due, note: '带上卷尺' })).body.assignments[0].id;
    const same = await clients.admin!.request('POST', `/api/assignments/${id}/reassign`, { assigneeId: ids.field });
    expect(same.status).toBe(400);
    expect(same.body.error.problems.assigneeId).toBe('任务已指派给 外业核查员（演示），请选择另一名外业核查人员');
    expect((await clients.admin!.request('POST', `/api/assignments/${id}/reassign`, { assigneeId: ids.yicheng })).body.error.problems.assigneeId).toContain('是编辑账号');

    const saved = now;
    now = firstSecondAfter(due);
    const stale = await clients.admin!.request('POST', `/api/assignments/${id}/reassign`, { assigneeId: ids.field2 });
    expect(stale.status).toBe(400);
    expect(stale.body.error.problems.dueDate).toBe(`原完成期限 ${due} 已过，改派须给出新的完成期限`);
    const moved = await clients.admin!.request('POST', `/api/assignments/${id}/reassign`, { assigneeId: ids.field2, dueDate: chinaDay(now, 2) });
    expect(moved.status).toBe(201);
    expect(moved.body.assignment).toMatchObject({ parcelId: p.id, status: 'pending', note: '带上卷尺', dueDate: chinaDay(now, 2), assignee: { username: 'field2' } });
    const old = (await clients.admin!.request('GET', `/api/assignments?parcel=${p.id}&status=cancelled`)).body.assignments[0];
    expect(old).toMatchObject({ id, status: 'cancelled', replacedBy: moved.body.assignment.id });
    expect((await clients.admin!.request('POST', `/api/assignments/${id}/reassign`, { assigneeId: ids.field })).status).toBe(409);
    now = saved;
  });
});

describe('the SQL narrowing and core’s status rule', () => {
  it('agree on which tasks are open and which are in 我的任务, at the millisecond edges, and the open counts follow', async () => {
    // Rows written directly, to the millisecond, for an account of their own: the rule is compared, not the routes.
    await server.db.transaction((tx) => createUser(tx, { username: 'field3', displayName: '外业三组', role: 'field', password: 'field-three-password-1', unitCodes: [] }));
    const [{ id: field3 }] = (await server.db.query<{ id: number }>("SELECT id FROM users WHERE username = 'field3'")) as [{ id: number }];
    const taken = [...inside, ...outside].map((p) => p.id);
    const parcels = (await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL AND NOT id = ANY($1::int[]) ORDER BY id LIMIT 9', [taken])).map((p) => p.id);
    expect(parcels.length).toBe(9);
    const createdAt = new Date('2026-03-01T04:00:00.123Z');
    const at = new Date(createdAt.getTime() + (CHECKED_SHOWN_DAYS + 1) * 86_400_000);
    const shownEdge = at.getTime() - CHECKED_SHOWN_DAYS * 86_400_000;
    const plus = (ms: number) => new Date(createdAt.getTime() + ms);
    // Per parcel: the checks of it (by whom, when), whether the task is cancelled, and what core says.
    const cases: Array<{ checks: Array<[string, Date]>; cancelled?: boolean; status: string; shown: boolean }> = [
      { checks: [], status: 'overdue', shown: true },
      { checks: [['field3', plus(-1)]], status: 'overdue', shown: true },
      { checks: [['field3', plus(0)]], status: 'checked', shown: false },
      { checks: [['field3', new Date(shownEdge)]], status: 'checked', shown: true },
      { checks: [['field3', new Date(shownEdge - 1)]], status: 'checked', shown: false },
      { checks: [['yicheng', plus(3_600_000)]], status: 'overdue', shown: true },
      { checks: [['field3', plus(-60_000)], ['field3', new Date(at.getTime() - 1)]], status: 'checked', shown: true },
      { checks: [], cancelled: true, status: 'cancelled', shown: false },
      { checks: [['field3', plus(1)]], cancelled: true, status: 'cancelled', shown: false },
    ];
    for (const [i, c] of cases.entries()) {
      await server.db.query(
        `INSERT INTO field_assignments (parcel_id, assignee_id, assigned_by, due_date, created_at, cancelled_at, cancelled_by)
         VALUES ($1, $2, $3, '2026-03-05', $4::timestamptz, $5::timestamptz, $6)`,
        [parcels[i], field3, ids.admin, createdAt.toISOString(), c.cancelled ? plus(2).toISOString() : null, c.cancelled ? ids.admin : null],
      );
      for (const [actor, observedAt] of c.checks) {
        await server.db.query("INSERT INTO field_checks (parcel_id, client_id, state, observed_at, actor) VALUES ($1, $2, 'started', $3::timestamptz, $4)", [parcels[i], randomUUID(), observedAt.toISOString(), actor]);
      }
    }
    const all = (await listAssignments(server.db, { assigneeId: field3, withCancelled: true }, at)).assignments;
    const byParcel = (list: Array<{ id: number; parcelId: number }>) => list.map((a) => parcels.indexOf(a.parcelId)).sort((x, y) => x - y);
    // Core's verdicts are the cases' own…
    expect(all.map((a) => [parcels.indexOf(a.parcelId), assignmentStatus(a, at), shownToAssignee(a, at)]).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual(
      cases.map((c, i) => [i, c.status, c.shown]),
    );
    // …and the SQL narrows to exactly the same rows.
    const open = (await listAssignments(server.db, { assigneeId: field3, open: true }, at)).assignments;
    expect(byParcel(open)).toEqual(byParcel(all.filter((a) => a.status === 'pending' || a.status === 'overdue')));
    const shown = (await listAssignments(server.db, { assigneeId: field3, shownToAssignee: true }, at)).assignments;
    expect(byParcel(shown)).toEqual(byParcel(all.filter((a) => shownToAssignee(a, at))));
    expect((await fieldAccounts(server.db)).find((a) => a.id === field3)).toMatchObject({ username: 'field3', open: open.length });
  });
});
