/** Roles of Panhuo's users and what each may do. The server decides; the browser only mirrors it to hide buttons. */

export const ROLES = ['admin', 'editor', 'field', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  editor: '编辑',
  field: '外业核查',
  viewer: '领导查看',
};

/** Admins change any parcel of the campaign; editors only parcels lying within their own units. */
export function mayEditParcels(role: Role): boolean {
  return role === 'admin' || role === 'editor';
}

/** Whether an editor's change needs the geometric check against their units (admins need none). */
export function editLimitedToUnits(role: Role): boolean {
  return role === 'editor';
}

/** Deleted parcels come back only through an admin. */
export function mayUndelete(role: Role): boolean {
  return role === 'admin';
}

/** Field checks record what someone saw on site: field staff, and editors and admins who go out themselves. */
export function mayRecordFieldChecks(role: Role): boolean {
  return role === 'admin' || role === 'editor' || role === 'field';
}

/** Field assignments (外业核查任务) are given by those who keep the ledger: admins, and editors for their units' parcels. */
export function mayAssignFieldChecks(role: Role): boolean {
  return role === 'admin' || role === 'editor';
}

/** Only field accounts receive field assignments: the field app is where they are worked through. */
export function mayBeAssigned(role: Role): boolean {
  return role === 'field';
}
