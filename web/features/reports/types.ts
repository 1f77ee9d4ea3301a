import type { unitLeaderList } from '../../../server/rhythm/leaders.ts';
import type { MonthlyReport } from '../../../server/rhythm/monthly.ts';
import type { WeeklyStatus } from '../../../server/rhythm/submissions.ts';

/**
 * Answers of the rhythm API (server/rhythm/routes.ts), as the desk reads them: the server's own types, so the two
 * cannot drift apart.
 */
export type { KeyCase } from '../../../server/rhythm/key-cases.ts';
export type { WeeklyRow } from '../../../server/rhythm/submissions.ts';

/** GET /api/campaigns/:id/weekly-reports */
export type WeeklyAnswer = WeeklyStatus & { weeks: string[]; defaultFriday: string; now: string };

type ServerMonth = MonthlyReport['months'][number];
/** A unit's place in one month's ranking, with its task, disposals and leader. */
export type RankedRow = ServerMonth['rankings'][string][number];
/** One month's ranking (the server types it as core's MonthRanking with wider rows; here the rows are the wider ones only). */
export type MonthRanking = Omit<ServerMonth, 'rankings'> & { rankings: Record<string, RankedRow[]> };

/** GET /api/campaigns/:id/monthly-ranking */
export type MonthlyAnswer = Omit<MonthlyReport, 'months'> & { months: MonthRanking[]; latest: MonthRanking | null };

/** GET /api/campaigns/:id/rhythm */
export type { RhythmSettings } from '../../../server/rhythm/settings.ts';

/** GET/PUT /api/campaigns/:id/unit-leaders: every unit of the campaign with its leader (分包) or null. */
export type UnitLeadersAnswer = { units: Awaited<ReturnType<typeof unitLeaderList>> };
