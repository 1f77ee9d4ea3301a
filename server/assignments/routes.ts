import { Hono } from 'hono';
import { ASSIGNMENT_STATUSES, shownToAssignee, type AssignmentStatus } from '../../core/assignments.ts';
import { todayInChina } from '../../core/dates.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { jsonBody } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import type { Clock } from '../rhythm/routes.ts';
import { fieldAccounts, listAssignments, withStatus } from './queries.ts';
import { assigner, cancelAssignment, createAssignments, reassignAssignment } from './write.ts';

function signedIn(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录，再查看外业核查任务');
  return user;
}

function statusesOf(text: string | undefined): AssignmentStatus[] | null {
  if (!text) return null;
  const asked = text.split(',').map((s) => s.trim());
  const bad = asked.find((s) => !(ASSIGNMENT_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined) throw badParameter('status', `“${bad.slice(0, 20)}”不是任务状态，可选 ${ASSIGNMENT_STATUSES.join('、')}（待核查、已核查、逾期、已取消）`);
  return asked as AssignmentStatus[];
}

/**
 * 外业核查任务, mounted at /api/assignments:
 * GET  /?campaign=&assignee=&parcel=&status=pending,overdue   a list (signed in; a field account sees only their own)
 * GET  /mine?campaign=               the signed-in person's tasks, with each parcel's boundary (the field app's 我的任务)
 * GET  /field-accounts               whom one may assign to (admins, editors)
 * POST /  {parcelIds, assigneeId, dueDate, note}   assign a selection (at most 500 parcels, one transaction)
 * POST /:id/cancel                   cancel an open task
 * POST /:id/reassign {assigneeId, dueDate?, note?}  give an open task to another field account
 * Statuses are judged on the server's clock, in China time.
 */
export function assignmentRoutes(db: Db, clock: Clock) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const user = signedIn(c.get('user'));
      const now = clock();
      let assigneeId = params.optionalId('assignee', c.req.query('assignee'));
      if (user.role === 'field') {
        if (assigneeId !== null && assigneeId !== user.id) throw new ApiError(403, 'forbidden', '外业核查账号只能查看指派给自己的任务');
        assigneeId = user.id;
      }
      const statuses = statusesOf(c.req.query('status'));
      const { assignments, truncated } = await listAssignments(
        db,
        {
          campaignId: params.optionalId('campaign', c.req.query('campaign')),
          parcelId: params.optionalId('parcel', c.req.query('parcel')),
          assigneeId,
          withCancelled: statuses?.includes('cancelled') ?? false,
          // Asked for open ones only: narrowed in SQL, so that checked ones cannot fill the bounded list.
          open: statuses?.every((s) => s === 'pending' || s === 'overdue') ?? false,
        },
        now,
      );
      return c.json({ today: todayInChina(now), assignments: withStatus(assignments, statuses), truncated });
    })
    .get('/mine', async (c) => {
      const user = signedIn(c.get('user'));
      const now = clock();
      const { assignments, truncated } = await listAssignments(
        db,
        { assigneeId: user.id, campaignId: params.optionalId('campaign', c.req.query('campaign')), withGeometry: true, shownToAssignee: true },
        now,
      );
      return c.json({ today: todayInChina(now), assignments: assignments.filter((a) => shownToAssignee(a, now)), truncated });
    })
    .get('/field-accounts', async (c) => {
      assigner(c.get('user'));
      return c.json({ accounts: await fieldAccounts(db) });
    })
    .post('/', async (c) => {
      const assignments = await createAssignments(db, c.get('user'), await jsonBody(c), clock());
      return c.json({ count: assignments.length, assignments }, 201);
    })
    .post('/:id/cancel', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      return c.json({ assignment: await cancelAssignment(db, c.get('user'), id, clock()) });
    })
    .post('/:id/reassign', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      const body = await jsonBody(c);
      return c.json({ assignment: await reassignAssignment(db, c.get('user'), id, body, clock()) }, 201);
    });
}
