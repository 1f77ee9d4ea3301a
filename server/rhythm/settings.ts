import type { IsoDate } from '../../core/dates.ts';
import type { DeadlineRule } from '../../core/rhythm/submission.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';

export interface ReportFooter {
  host: string | null;
  supervisor: string | null;
  issuer: string | null;
  date: string | null;
}

export interface RhythmSettings {
  deadline: DeadlineRule;
  /** The first month units are ranked in (月排名月公布); the campaign's start when not set. */
  rankingFrom: IsoDate;
  footer: ReportFooter;
}

/** The weekly deadline (Friday 18:00 unless set), the ranking start and the report footer of a campaign. */
export async function rhythmSettings(db: Queryable, campaign: CampaignSummary): Promise<RhythmSettings> {
  const [row] = await db.query<{ weekday: number; time: string; rankingFrom: IsoDate | null; host: string | null; supervisor: string | null; issuer: string | null; date: string | null }>(
    `SELECT deadline_weekday AS weekday, deadline_time AS time, ranking_from::text AS "rankingFrom",
       footer_host AS host, footer_supervisor AS supervisor, footer_issuer AS issuer, footer_date AS date
     FROM campaign_rhythm WHERE campaign_id = $1`,
    [campaign.id],
  );
  return {
    deadline: { weekday: row?.weekday ?? 5, time: row?.time ?? '18:00' },
    rankingFrom: row?.rankingFrom ?? campaign.startDate,
    // Without a recorded footer the report names the level's government office, as both seed documents do.
    footer: { host: row?.host ?? null, supervisor: row?.supervisor ?? null, issuer: row?.issuer ?? `${campaign.levelUnit.name}人民政府办公室`, date: row?.date ?? null },
  };
}

export interface RhythmInput {
  deadlineWeekday: number;
  deadlineTime: string;
  rankingFrom: IsoDate | null;
  footer: ReportFooter;
}

export async function saveRhythmSettings(db: Queryable, campaignId: number, s: RhythmInput): Promise<void> {
  await db.query(
    `INSERT INTO campaign_rhythm (campaign_id, deadline_weekday, deadline_time, ranking_from, footer_host, footer_supervisor, footer_issuer, footer_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (campaign_id) DO UPDATE SET deadline_weekday = EXCLUDED.deadline_weekday, deadline_time = EXCLUDED.deadline_time,
       ranking_from = EXCLUDED.ranking_from, footer_host = EXCLUDED.footer_host, footer_supervisor = EXCLUDED.footer_supervisor,
       footer_issuer = EXCLUDED.footer_issuer, footer_date = EXCLUDED.footer_date`,
    [campaignId, s.deadlineWeekday, s.deadlineTime, s.rankingFrom, s.footer.host, s.footer.supervisor, s.footer.issuer, s.footer.date],
  );
}

/** The words a report uses for the campaign's level: a city's report is 全市 over 县区, a county's 全县 over 乡镇. */
export function levelWords(campaign: CampaignSummary): { area: string; unitHeader: string } {
  return campaign.levelUnit.kind === 'city' ? { area: '全市', unitHeader: '县 区' } : { area: '全县', unitHeader: '乡 镇' };
}
