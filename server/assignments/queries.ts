/** Reading field assignments: the stored facts joined with names and the assignee's latest check of the parcel. */
import type { MultiPolygon } from 'geojson';
import { ASSIGNMENT_STATUS_LABELS, assignmentStatus, daysToDue, type Assignment, type AssignmentStatus } from '../../core/assignments.ts';
import type { IsoDate } from '../../core/dates.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import type { Queryable } from '../db/types.ts';

// Milliseconds kept: a check observed a moment before the assignment must not round into "after" it.
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The most assignments one list answers; `truncated` says when there were more. */
export const MAX_LISTED = 2000;

export interface AssignmentFilter {
  ids?: number[];
  campaignId?: number | null;
  assigneeId?: number | null;
  parcelId?: number | null;
  parcelIds?: number[];
  /** Cancelled ones are history: listed only when asked for. */
  withCancelled?: boolean;
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
  if (!filter.withCancelled) where.push('a.cancelled_at IS NULL');
  const rows = await db.query<Row>(
    `SELECT a.id, a.parcel_id AS "parcelId", p.code AS "parcelCode", p.project_name AS "projectName", un.name AS "unitName",
       au.id AS "assigneeId", au.username AS "assigneeUsername", au.display_name AS "assigneeName",
       ab.id AS "assignedById", ab.username AS "assignedByUsername", ab.display_name AS "assignedByName",
       a.due_date::text AS "dueDate", a.note, ${ISO('a.created_at')} AS "createdAt", ${ISO('a.cancelled_at')} AS "cancelledAt",
       ac.display_name AS "cancelledBy", a.replaced_by AS "replacedBy",
       (SELECT ${ISO('max(f.observed_at)')} FROM field_checks f WHERE f.parcel_id = a.parcel_id AND f.actor = au.username) AS "lastCheckAt"
       ${filter.withGeometry ? ', ST_AsGeoJSON(p.geom, 7) AS geometry' : ''}
     FROM field_assignments a
       JOIN parcels p ON p.id = a.parcel_id
       JOIN users au ON au.id = a.assignee_id
       JOIN users ab ON ab.id = a.assigned_by
       LEFT JOIN users ac ON ac.id = a.cancelled_by
       LEFT JOIN units un ON un.id = p.unit_id
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
export async function fieldAccounts(db: Queryable, now: Date): Promise<Array<{ id: number; username: string; displayName: string; open: number }>> {
  const accounts = await db.query<{ id: number; username: string; displayName: string }>(
    `SELECT id, username, display_name AS "displayName" FROM users WHERE role = 'field' AND NOT disabled ORDER BY display_name, username`,
  );
  const { assignments } = await listAssignments(db, {}, now);
  return accounts.map((a) => ({ ...a, open: assignments.filter((x) => x.assignee.id === a.id && x.status !== 'checked').length }));
}
