/**
 * Giving, cancelling and reassigning field assignments. Not a parcel write (the ledger does not change), but the same
 * boundaries hold: an editor acts only on parcels within their units (the parcel write's rule, outsideUnits), and
 * only field accounts receive tasks. Each call is one transaction: all the parcels of a selection, or none.
 */
import { parseAssignmentInput, type AssignmentInput } from '../../core/assignments.ts';
import { parseIsoDate } from '../../core/dates.ts';
import { editLimitedToUnits, mayAssignFieldChecks, mayBeAssigned, ROLE_LABELS, type Role } from '../../core/roles.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { outsideUnits } from '../parcels/service/checks.ts';
import { listAssignments, type ListedAssignment } from './queries.ts';

type Verb = '指派' | '取消' | '改派';

/** The signed-in person, who must be allowed to give field assignments. */
export function assigner(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录，再指派外业核查');
  if (!mayAssignFieldChecks(user.role)) throw new ApiError(403, 'forbidden', `您的角色（${ROLE_LABELS[user.role]}）不能指派外业核查任务`);
  return user;
}

const invalid = (problems: Record<string, string>) =>
  new ApiError(400, 'invalid_assignment', `外业核查任务有误：${Object.values(problems).join('；')}`, { problems });

/** The account that is to do the checks: it must exist, be active and be a field account. */
async function assignee(tx: Queryable, id: number): Promise<{ id: number; username: string; displayName: string }> {
  const [account] = await tx.query<{ id: number; username: string; displayName: string; role: Role; disabled: boolean }>(
    'SELECT id, username, display_name AS "displayName", role, disabled FROM users WHERE id = $1',
    [id],
  );
  if (!account) throw invalid({ assigneeId: `账号 ${id} 不存在` });
  if (!mayBeAssigned(account.role)) {
    throw invalid({ assigneeId: `只能指派给外业核查账号：${account.displayName}（${account.username}）是${ROLE_LABELS[account.role]}账号` });
  }
  if (account.disabled) throw invalid({ assigneeId: `账号 ${account.displayName}（${account.username}）已停用` });
  return account;
}

/** Locks the live parcels (in id order, as parcel writes do) and refuses those missing or outside an editor's units. */
async function lockOwnParcels(tx: Queryable, user: SessionUser, ids: number[], what: Verb): Promise<Map<number, string>> {
  const rows = await tx.query<{ id: number; code: string }>(
    'SELECT id, code FROM parcels WHERE id = ANY($1::int[]) AND deleted_at IS NULL ORDER BY id FOR UPDATE',
    [ids],
  );
  const codes = new Map(rows.map((r) => [r.id, r.code]));
  const missing = ids.filter((id) => !codes.has(id));
  if (missing.length) throw new ApiError(404, 'not_found', `地块 ${missing.slice(0, 10).join('、')}${missing.length > 10 ? ` 等 ${missing.length} 宗` : ''} 不存在或已删除`, { missing });
  if (editLimitedToUnits(user.role)) {
    const { outside, names } = await outsideUnits(tx, user.unitIds, ids);
    if (outside.size) {
      const listed = [...outside.keys()].map((id) => codes.get(id)!);
      throw new ApiError(403, 'outside_units', `地块 ${listed.slice(0, 10).join('、')}${listed.length > 10 ? ` 等 ${listed.length} 宗` : ''} 不在您负责的单位范围（${names ?? '无'}）内，不能${what}`, {
        outside: [...outside.keys()],
      });
    }
  }
  return codes;
}

/** Assigns every parcel of the request to one field account, all or none; answers the new assignments. */
export async function createAssignments(db: Db, user: SessionUser | null, body: unknown, now: Date): Promise<ListedAssignment[]> {
  const by = assigner(user);
  const parsed = parseAssignmentInput(body, now, parseIsoDate);
  if (!parsed.ok) throw invalid(parsed.problems);
  const ids = await db.transaction(async (tx) => {
    const person = await assignee(tx, parsed.value.assigneeId);
    const codes = await lockOwnParcels(tx, by, parsed.value.parcelIds, '指派');
    await refuseOpenTasks(tx, parsed.value.parcelIds, codes, now);
    return insert(tx, parsed.value, by, now, person.id);
  });
  return (await listAssignments(db, { ids }, now)).assignments;
}

/** A parcel has one open task at a time: a second one would leave two people unsure who goes. */
async function refuseOpenTasks(tx: Queryable, parcelIds: number[], codes: Map<number, string>, now: Date): Promise<void> {
  const open = (await listAssignments(tx, { parcelIds, open: true }, now)).assignments.filter((a) => a.status === 'pending' || a.status === 'overdue');
  if (!open.length) return;
  const listed = open.slice(0, 5).map((a) => `${codes.get(a.parcelId) ?? a.parcelCode} 已指派给 ${a.assignee.displayName}（期限 ${a.dueDate}，${a.statusLabel}）`);
  throw new ApiError(409, 'already_assigned', `${listed.join('；')}${open.length > 5 ? `；另有 ${open.length - 5} 宗` : ''}。请先取消或改派`, {
    assigned: open.map((a) => ({ id: a.id, parcelId: a.parcelId })),
  });
}

async function insert(tx: Queryable, input: AssignmentInput, by: SessionUser, now: Date, assigneeId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO field_assignments (parcel_id, assignee_id, assigned_by, due_date, note, created_at)
     SELECT unnest($1::int[]), $2, $3, $4::date, $5, $6::timestamptz RETURNING id`,
    [input.parcelIds, assigneeId, by.id, input.dueDate, input.note, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

/** An assignment to change, locked, with the right to change it checked; only an open one may be changed. */
async function openAssignment(tx: Queryable, user: SessionUser, id: number, now: Date, what: Exclude<Verb, '指派'>): Promise<ListedAssignment> {
  const [row] = await tx.query<{ parcelId: number }>('SELECT parcel_id AS "parcelId" FROM field_assignments WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`外业核查任务 ${id} `);
  await lockOwnParcels(tx, user, [row.parcelId], what);
  const [current] = (await listAssignments(tx, { ids: [id], withCancelled: true }, now)).assignments;
  if (!current) throw notFound(`外业核查任务 ${id} `);
  if (current.status === 'cancelled') throw new ApiError(409, 'cancelled', `外业核查任务 ${id}（地块 ${current.parcelCode}）已取消，不能再${what}`);
  if (current.status === 'checked') throw new ApiError(409, 'checked', `外业核查任务 ${id}（地块 ${current.parcelCode}）已核查，不能再${what}`);
  return current;
}

/** Cancels an open assignment (the row stays, marked cancelled, with who did it). */
export async function cancelAssignment(db: Db, user: SessionUser | null, id: number, now: Date): Promise<ListedAssignment> {
  const by = assigner(user);
  await db.transaction(async (tx) => {
    await openAssignment(tx, by, id, now, '取消');
    await tx.query('UPDATE field_assignments SET cancelled_at = $2::timestamptz, cancelled_by = $3 WHERE id = $1', [id, now.toISOString(), by.id]);
  });
  return (await listAssignments(db, { ids: [id], withCancelled: true }, now)).assignments[0]!;
}

/**
 * Gives an open assignment to another field account: the old one is cancelled and points to the new one, which keeps
 * the note and the due date unless new ones are given. A due date already past must be replaced.
 */
export async function reassignAssignment(db: Db, user: SessionUser | null, id: number, body: unknown, now: Date): Promise<ListedAssignment> {
  const by = assigner(user);
  const newId = await db.transaction(async (tx) => {
    const current = await openAssignment(tx, by, id, now, '改派');
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const parsed = parseAssignmentInput(
      { parcelIds: [current.parcelId], assigneeId: b.assigneeId, dueDate: b.dueDate ?? current.dueDate, note: b.note ?? current.note },
      now,
      parseIsoDate,
    );
    if (!parsed.ok) {
      const { dueDate, ...rest } = parsed.problems;
      throw invalid({ ...rest, ...(dueDate ? { dueDate: b.dueDate === undefined ? `原完成期限 ${current.dueDate} 已过，改派须给出新的完成期限` : dueDate } : {}) });
    }
    const person = await assignee(tx, parsed.value.assigneeId);
    if (person.id === current.assignee.id) throw invalid({ assigneeId: `任务已指派给 ${person.displayName}，请选择另一名外业核查人员` });
    const [created] = await insert(tx, parsed.value, by, now, person.id);
    await tx.query('UPDATE field_assignments SET cancelled_at = $2::timestamptz, cancelled_by = $3, replaced_by = $4 WHERE id = $1', [id, now.toISOString(), by.id, created]);
    return created!;
  });
  return (await listAssignments(db, { ids: [newId] }, now)).assignments[0]!;
}
