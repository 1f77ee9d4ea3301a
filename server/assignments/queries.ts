/** Reading field assignments: the stored facts joined with names and the assignee's latest check of the parcel. */
import type { MultiPolygon } from 'geojson';
import { ASSIGNMENT_STATUS_LABELS, assignmentStatus, CHECKED_SHOWN_DAYS, daysToDue, type Assignment, type AssignmentStatus } from '../../core/assignments.ts';
import type { IsoDate } from '../../core/dates.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import type { Queryable } from '../db/types.ts';

// Milliseconds kept: a check observed a moment before the assignment must not round into "after" it.
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The most assignments one list answers; `truncated` says when there were more. */
export const MAX_LISTED = 2000;

/** The assignee's latest check of the parcel as `lc.at`, for rows of `a` joined with their assignee `au`. */
const LAST_CHECK_JOIN = 'LEFT JOIN LATERAL (SELECT max(f.observed_at) AS at FROM field_checks f WHERE f.parcel_id = a.parcel_id AND f.actor = au.username) lc ON true';
/**
 * SQL twin of core's checkAnswers on that latest check (已核查). It only narrows a query before the status is judged
 * in TypeScript (assignmentStatus), so that old checked tasks cannot fill a bounded list; test/api/assignments.test.ts
 * holds the two to the same answer.
 */
const ANSWERED_SQL = 'COALESCE(lc.at >= a.created_at, false)';

export interface AssignmentFilter {
  ids?: number[];
  campaignId?: number | null;
  assigneeId?: number | null;
  parcelId?: number | null;
  parcelIds?: number[];
  /** Cancelled ones are history: listed only when asked for. */
  withCancelled?: boolean;
  /** Only open ones (待核查 or 逾期), narrowed in SQL. */
  open?: boolean;
  /** Only those in the assignee's 我的任务 on `now` (core's shownToAssignee), narrowed in SQL. */
  shownToAssignee?: boolean;
  withGeometry?: boolean;
}

interface Row extends Omit<Assignment, 'assignee' | 'assignedBy' | 'status' | 'statusLabel' | 'daysToDue'> {
  assigneeId: number;
  assigneeUsername: string;
  assigneeName: string;
  assignedById: number;
  assignedByUsername: string;
  assignedByName: string;
  geometry?: string | null;
}

export type ListedAssignment = Assignment & { geometry?: MultiPolygon | null };

/** Assignments of live parcels matching the filter, each with its status on `now`; soonest due first. */
export async function listAssignments(db: Queryable, filter: AssignmentFilter, now: Date): Promise<{ assignments: ListedAssignment[]; truncated: boolean }> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['p.deleted_at IS NULL'];
  if (filter.ids) where.push(`a.id = ANY(${param(filter.ids)}::int[])`);
  if (filter.campaignId) where.push(inCampaign('p', param(filter.campaignId)));
  if (filter.assigneeId) where.push(`a.assignee_id = ${param(filter.assigneeId)}`);
  if (filter.parcelId) where.push(`a.parcel_id = ${param(filter.parcelId)}`);
  if (filter.parcelIds) where.push(`a.parcel_id = ANY(${param(filter.parcelIds)}::int[])`);
  if (!filter.withCancelled || filter.open || filter.shownToAssignee) where.push('a.cancelled_at IS NULL');
  if (filter.open) where.push(`NOT ${ANSWERED_SQL}`);
  if (filter.shownToAssignee) where.push(`(NOT ${ANSWERED_SQL} OR lc.at >= ${param(new Date(now.getTime() - CHECKED_SHOWN_DAYS * 86_400_000).toISOString())}::timestamptz)`);
  const rows = await db.query<Row>(
    `SELECT a.id, a.parcel_id AS "parcelId", p.code AS "parcelCode", p.project_name AS "projectName", un.name AS "unitName",
       au.id AS "assigneeId", au.username AS "assigneeUsername", au.display_name AS "assigneeName",
       ab.id AS "assignedById", ab.username AS "assignedByUsername", ab.display_name AS "assignedByName",
       a.due_date::text AS "dueDate", a.note, ${ISO('a.created_at')} AS "createdAt", ${ISO('a.cancelled_at')} AS "cancelledAt",
       ac.display_name AS "cancelledBy", a.replaced_by AS "replacedBy",
       ${ISO('lc.at')} AS "lastCheckAt"
       ${filter.withGeometry ? ', ST_AsGeoJSON(p.geom, 7) AS geometry' : ''}
     FROM field_assignments a
       JOIN parcels p ON p.id = a.parcel_id
       JOIN users au ON au.id = a.assignee_id
       JOIN users ab ON ab.id = a.assigned_by
       LEFT JOIN users ac ON ac.id = a.cancelled_by
       LEFT JOIN units un ON un.id = p.unit_id
       ${LAST_CHECK_JOIN}
     WHERE ${where.join(' AND ')}
     ORDER BY a.due_date, p.code, a.id
     LIMIT ${MAX_LISTED + 1}`,
    params,
  );
  const assignments = rows.slice(0, MAX_LISTED).map(({ assigneeId, assigneeUsername, assigneeName, assignedById, assignedByUsername, assignedByName, geometry, ...r }) => {
    const status = assignmentStatus(r, now);
    const listed: ListedAssignment = {
      ...r,
      dueDate: r.dueDate as IsoDate,
      assignee: { id: assigneeId, username: assigneeUsername, displayName: assigneeName },
      assignedBy: { id: assignedById, username: assignedByUsername, displayName: assignedByName },
      status,
      statusLabel: ASSIGNMENT_STATUS_LABELS[status],
      daysToDue: daysToDue(r.dueDate, now),
    };
    if (filter.withGeometry) listed.geometry = geometry ? (JSON.parse(geometry) as MultiPolygon) : null;
    return listed;
  });
  return { assignments, truncated: rows.length > MAX_LISTED };
}

/** Keeps the assignments in one of the statuses (the status is derived, so the filter is applied after it). */
export const withStatus = <T extends { status: AssignmentStatus }>(list: T[], statuses: readonly AssignmentStatus[] | null): T[] =>
  statuses ? list.filter((a) => statuses.includes(a.status)) : list;

/** The field accounts one can assign to, with how many open tasks each has (a hint for spreading the work). */
export async function fieldAccounts(db: Queryable): Promise<Array<{ id: number; username: string; displayName: string; open: number }>> {
  return db.query(
    `SELECT au.id, au.username, au.display_name AS "displayName", (count(a.id) FILTER (WHERE NOT ${ANSWERED_SQL}))::int AS open
     FROM users au
       LEFT JOIN (field_assignments a JOIN parcels p ON p.id = a.parcel_id AND p.deleted_at IS NULL) ON a.assignee_id = au.id AND a.cancelled_at IS NULL
       ${LAST_CHECK_JOIN}
     WHERE au.role = 'field' AND NOT au.disabled
     GROUP BY au.id, au.username, au.display_name
     ORDER BY au.display_name, au.username`,
  );
}
