/**
 * Warnings that follow the rules: what a campaign's desk must act on, each tied to a unit and, where there is one, a
 * parcel, with a Chinese title and detail giving the figures (亩, 万元, days) and the date it was computed for.
 */
import type { Category, Status, TaskType } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import type { IdleClass } from '../idle-land.ts';
import type { IdleAssessmentInput } from './idle-assessment.ts';

export const WARNING_KINDS = ['idle_land', 'unit_behind', 'no_disposal_plan', 'area_mismatch', 'duplicate_mapping', 'stale_record'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_KIND_LABELS: Record<WarningKind, string> = {
  idle_land: '闲置土地',
  unit_behind: '进度滞后',
  no_disposal_plan: '无处置方案',
  area_mismatch: '面积不符',
  duplicate_mapping: '重复上图',
  stale_record: '久未更新',
};

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = { high: '严重', medium: '警示', low: '提示' };

/** What a person recorded about a supplied parcel's development (idle_assessments): the inputs, by whom and when. */
export interface IdleAssessment extends IdleAssessmentInput {
  recordedBy: string;
  /** ISO timestamp. */
  recordedAt: string;
}

/** A parcel as the rules need it: ledger fields, its ellipsoidal area, when its record last changed, the assessment. */
export interface ParcelFacts {
  id: number;
  code: string;
  projectName: string;
  category: Category;
  status: Status;
  unitId: number | null;
  unitName: string | null;
  ledgerMu: number;
  /** Ellipsoidal area of the boundary in mu; null without a boundary. */
  ellipsoidalMu: number | null;
  supplyDate: IsoDate | null;
  supplyPriceWan: number | null;
  agreedStartDate: IsoDate | null;
  disposalMethod: string | null;
  /** The China-time date of the last change to the parcel, its disposals or its assessment. */
  lastUpdated: IsoDate;
  assessment: IdleAssessment | null;
}

/** A unit's figures for one task type on the date (from progress: disposed mu by boundary share). */
export interface UnitTaskFigures {
  unitId: number;
  unitName: string;
  taskType: TaskType;
  taskMu: number | null;
  disposedMu: number;
}

interface WarningBase {
  /** Stable within a date: kind and subject, so a list can key on it. */
  id: string;
  severity: Severity;
  unitId: number | null;
  unitName: string | null;
  parcelId: number | null;
  parcelCode: string | null;
  parcelName: string | null;
  title: string;
  detail: string;
  /** The date the warning was computed for. */
  date: IsoDate;
}

export type Warning = WarningBase &
  (
    | { kind: 'idle_land'; facts: { idleClass: IdleClass; idleFrom: IsoDate | null; daysToIdle: number | null; idleFeeWan: number | null; ledgerMu: number; assessed: boolean } }
    | { kind: 'unit_behind'; facts: { taskType: TaskType; taskMu: number; disposedMu: number; ratePct: number; expectedPct: number; shortfallMu: number } }
    | { kind: 'no_disposal_plan'; facts: { status: Status; ledgerMu: number } }
    | { kind: 'area_mismatch'; facts: { ledgerMu: number; ellipsoidalMu: number; diffMu: number; toleranceMu: number } }
    | { kind: 'duplicate_mapping'; facts: { otherParcelId: number; otherCode: string; overlapMu: number; pctOfParcel: number; pctOfOther: number; thresholdMu: number } }
    | { kind: 'stale_record'; facts: { lastUpdated: IsoDate; days: number; staleDays: number } }
  );

/** The statuses of a parcel that is disposed of or struck off the list: it needs no more warnings. */
export const RESOLVED_STATUSES: readonly Status[] = ['disposed', 'struck_off'];

export const isResolved = (p: Pick<ParcelFacts, 'status'>) => RESOLVED_STATUSES.includes(p.status);

/** The parcel-related part of a warning. */
export function aboutParcel(p: ParcelFacts): Pick<WarningBase, 'unitId' | 'unitName' | 'parcelId' | 'parcelCode' | 'parcelName'> {
  return { unitId: p.unitId, unitName: p.unitName, parcelId: p.id, parcelCode: p.code, parcelName: p.projectName };
}

/** Mu as the warnings write it: two decimals. */
export const muText = (x: number) => x.toFixed(2);
