import type { TaskType } from '../../../core/categories.ts';
import type { RowState, WeekFigures } from '../../../core/rhythm/submission.ts';
import type { KeyCaseStatus } from '../../../core/rhythm/key-cases.ts';

/** Answers of the rhythm API (server/rhythm/routes.ts), as the desk reads them. */
export interface WeeklyRow {
  unitId: number;
  unit: string;
  leader: { leader: string; title: string | null } | null;
  tasks: Partial<Record<TaskType, number | null>>;
  recorded: WeekFigures;
  submission: { figures: WeekFigures; reason: string | null; signedBy: string; submittedAt: string; late: boolean; revision: number } | null;
  differences: WeekFigures;
  state: RowState;
  reopened: boolean;
  open: boolean;
}

export interface WeeklyAnswer {
  weeks: string[];
  defaultFriday: string;
  friday: string;
  deadline: string;
  taskTypes: TaskType[];
  rows: WeeklyRow[];
  summary: Record<RowState, number>;
}

export interface RankedUnit {
  unitId: number;
  name: string;
  rate: number | null;
  rank: number | null;
  change: number | null;
  belowExpected: boolean;
  taskMu: number | null;
  disposedMu: number;
  leader: string;
}

export interface MonthRanking {
  friday: string;
  month: string;
  expectedPct: number;
  rankings: Record<string, RankedUnit[]>;
}

export interface MonthlyAnswer {
  keys: string[];
  months: MonthRanking[];
  latest: MonthRanking | null;
}

export interface KeyCase {
  id: number;
  title: string;
  leader: string;
  deadline: string;
  requiredOutcome: string;
  closedOn: string | null;
  closeNote: string | null;
  parcels: Array<{ id: number; code: string; unit: string | null }>;
  status: KeyCaseStatus;
  statusLabel: string;
  daysLeft: number;
}
