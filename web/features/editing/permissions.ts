/**
 * Whether to offer editing of a parcel. The server decides (an editor's change must lie within their units, checked
 * on the geometry); the page hides buttons that would surely be refused: editors see them on their units' parcels.
 */
import { editLimitedToUnits, mayEditParcels } from '../../../core/roles.ts';
import type { User } from '../auth/session.tsx';

export function mayEditParcel(user: User, parcel: { unitId: number }): boolean {
  return mayEditParcels(user.role) && (!editLimitedToUnits(user.role) || user.unitIds.includes(parcel.unitId));
}
