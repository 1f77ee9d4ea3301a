import type { MultiPolygon } from 'geojson';
import type { DisposalRecord, ParcelFields } from '../../../core/parcel.ts';
import type { EventSource } from '../../parcel-life/queries.ts';
import type { SessionUser } from '../../auth/types.ts';

/** What a change writes: the ledger fields, the stored unit and the boundary. */
export interface ParcelContent {
  fields: ParcelFields;
  unitId: number | null;
  geometry: MultiPolygon | null;
}

/** A parcel as history keeps it, before and after each change. */
export type Snapshot = ParcelFields & { unitId: number | null; geometry: MultiPolygon | null; deleted: boolean };

/** A parcel as it is now: its snapshot and the version a change must name. */
export type Current = Snapshot & { version: number };

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'import';

/** Who writes: a signed-in user, or the system (the demo loader) acting as an admin. */
export type Actor = Pick<SessionUser, 'username' | 'role' | 'unitIds'>;

/**
 * One parcel change. A body is untrusted JSON, checked like any save; an update builds its body from the parcel as it
 * is (so a partial change keeps the rest). `version` is the one the client saw (absent: not checked, a bulk change
 * without versions); `eventsRecorded`: the record follows events just recorded, so the edit records none of its own.
 * A create may bring the parcel's disposal records (a ledger loaded whole). `label` names the parcel in a refusal of a change to many (e.g. 第 3 个地块（ZMD-1）).
 */
export type ParcelChange =
  | { op: 'create'; campaignId: number; body: Record<string, unknown>; label?: string; disposals?: readonly DisposalRecord[] }
  | { op: 'update'; id: number; version?: number; body: (current: Current) => Record<string, unknown>; label?: string; eventsRecorded?: boolean }
  | { op: 'delete' | 'undelete'; id: number; version: number; label?: string };

export interface WriteRequest {
  actor: Actor;
  /** The history action of every change, when not the operation's own (an import, a restore). */
  action?: HistoryAction;
  /** A change to many parcels kept as one (批量修改): its summary; each history row links to it. */
  changeSet?: string;
  isDemo?: boolean;
  /** Where the events these changes record come from (人工, 导入, 监管系统, 台账); default: a person. */
  source?: EventSource;
  /**
   * What a refusal lists as not done (批量修改, 导入…): every refused parcel with its reason. Without it (one change by
   * a parcel route) the refusal is that change's own error.
   */
  what?: string;
}

/** A parcel as written: id, new version, code and the unit it is stored in (derived from the boundary when it has one). */
export interface Written {
  id: number;
  version: number;
  code: string;
  unitId: number | null;
  ledgerMu: number;
}
