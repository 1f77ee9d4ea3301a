import { Hono } from 'hono';
import { parseIsoDate, todayInChina } from '../../core/dates.ts';
import type { AppEnv } from '../auth/types.ts';
import { campaignFromParam } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { closeKeyCase, createKeyCase, keyCases } from './key-cases.ts';
import { setUnitLeader, unitLeaderList } from './leaders.ts';
import { milestoneVerdicts, monthlyReport } from './monthly.ts';
import { rhythmSettings, saveRhythmSettings } from './settings.ts';
import { campaignWeeks, reopenWeeklyRow, reportWeekParam, submitWeeklyRow, weeklyStatus } from './submissions.ts';

/** The time the server goes by; tests and demos pass their own. */
export type Clock = () => Date;

const optionalText = (v: unknown, name: string, max: number): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.trim().length > max) throw badParameter(name, `须为不超过 ${max} 字的文字`);
  return v.trim() || null;
};

/**
 * The campaign's rhythm:
 * GET  /:id/weekly-reports?friday=        every unit's weekly row (recorded, submitted, differences, state), the weeks, the default week
 * POST /:id/weekly-reports/:friday/units/:unitId          {figures, reason?} sign the unit's row (editor of the unit, admin)
 * POST /:id/weekly-reports/:friday/units/:unitId/reopen   {reason} let a locked row be submitted once more (admin)
 * GET  /:id/monthly-ranking?date=         月度通报: each month's ranking (by `date`, else today) per task type and overall, moves, below expected
 * GET  /:id/milestone-report              节点考核 at each milestone passed
 * GET  /:id/key-cases?parcel=&date=  POST /:id/key-cases  POST /:id/key-cases/:caseId/close {note}   重点案件挂牌督办
 * GET  /:id/unit-leaders  PUT /:id/unit-leaders/:unitId {leader, title}   分包: every unit with its leader or null (an empty leader removes it)
 * GET/PUT /:id/rhythm                     deadline weekday and time, ranking start, report footer (PUT: admin)
 */
/** GET /api/parcels/:id/key-cases — the key cases holding a parcel, in whichever campaign (the parcel panel). */
export function parcelKeyCaseRoutes(db: Db, clock: Clock) {
  return new Hono<AppEnv>().get('/:id/key-cases', async (c) => {
    const parcelId = params.positiveId('id', c.req.param('id'));
    return c.json({ today: todayInChina(clock()), cases: await keyCases(db, { campaignId: null, parcelId }, todayInChina(clock())) });
  });
}

export function rhythmRoutes(db: Db, clock: Clock) {
  const admin = (user: AppEnv['Variables']['user'], what: string) => {
    if (user?.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以${what}`);
    return user;
  };
  return new Hono<AppEnv>()
    .get('/:id/weekly-reports', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const now = clock();
      const { weeks, defaultFriday } = await campaignWeeks(db, campaign, now);
      const asked = c.req.query('friday');
      const friday = asked ? reportWeekParam(campaign, asked) : defaultFriday;
      return c.json({ weeks, defaultFriday, now: now.toISOString(), ...(await weeklyStatus(db, campaign, friday, now)) });
    })
    .post('/:id/weekly-reports/:friday/units/:unitId', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const friday = reportWeekParam(campaign, c.req.param('friday'));
      const unitId = params.positiveId('unitId', c.req.param('unitId'));
      const user = c.get('user');
      if (!user) throw new ApiError(401, 'unauthenticated', '请先登录');
      return c.json(await submitWeeklyRow(db, campaign, friday, unitId, user, await jsonBody(c), clock));
    })
    .post('/:id/weekly-reports/:friday/units/:unitId/reopen', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const friday = reportWeekParam(campaign, c.req.param('friday'));
      const unitId = params.positiveId('unitId', c.req.param('unitId'));
      const user = admin(c.get('user'), '重新开放已锁定的周报告');
      const body = await jsonBody(c);
      const reason = optionalText(isRecord(body) ? body.reason : undefined, 'reason', 500);
      if (!reason) throw new ApiError(400, 'invalid_reopen', '重新开放须填写理由', { problems: { reason: '须填写理由' } });
      await reopenWeeklyRow(db, campaign, friday, unitId, user, reason, clock());
      return c.json({ ok: true });
    })
    .get('/:id/monthly-ranking', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      // ?date= : the months ranked by that day (the wall's replay), else by today.
      const date = params.optionalDate('date', c.req.query('date'));
      const report = await monthlyReport(db, campaign, date ?? todayInChina(clock()));
      return c.json({ ...report, latest: report.months.at(-1) ?? null });
    })
    .get('/:id/milestone-report', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json({ campaignId: campaign.id, verdicts: await milestoneVerdicts(db, campaign, clock()) });
    })
    .get('/:id/key-cases', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const parcel = params.optionalId('parcel', c.req.query('parcel'));
      // ?date= reads the cases as they stood that day (the wall's replay); days left count to that day.
      const asOf = params.optionalDate('date', c.req.query('date'));
      const today = asOf ?? todayInChina(clock());
      return c.json({ today, cases: await keyCases(db, { campaignId: campaign.id, parcelId: parcel, asOf }, today) });
    })
    .post('/:id/key-cases', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const today = todayInChina(clock());
      const id = await createKeyCase(db, campaign, c.get('user'), await jsonBody(c), today);
      const [created] = await keyCases(db, { campaignId: campaign.id, caseId: id }, today);
      return c.json(created, 201);
    })
    .post('/:id/key-cases/:caseId/close', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const caseId = params.positiveId('caseId', c.req.param('caseId'));
      const today = todayInChina(clock());
      await closeKeyCase(db, campaign, caseId, c.get('user'), await jsonBody(c), today);
      const [closed] = await keyCases(db, { campaignId: campaign.id, caseId }, today);
      return c.json(closed);
    })
    .get('/:id/unit-leaders', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json({ units: await unitLeaderList(db, campaign.id) });
    })
    .put('/:id/unit-leaders/:unitId', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const unitId = params.positiveId('unitId', c.req.param('unitId'));
      admin(c.get('user'), '登记分包领导');
      const body = await jsonBody(c);
      const b = isRecord(body) ? body : {};
      const [inCampaign] = await db.query('SELECT 1 FROM campaign_units WHERE campaign_id = $1 AND unit_id = $2', [campaign.id, unitId]);
      if (!inCampaign) throw badParameter('unitId', `单位 ${unitId} 不属于本专项行动`);
      await setUnitLeader(db, campaign.id, unitId, optionalText(b.leader, 'leader', 40), optionalText(b.title, 'title', 60));
      return c.json({ units: await unitLeaderList(db, campaign.id) });
    })
    .get('/:id/rhythm', async (c) => c.json(await rhythmSettings(db, await campaignFromParam(db, c.req.param('id')))))
    .put('/:id/rhythm', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      admin(c.get('user'), '设置报送期限与通报');
      const body = await jsonBody(c);
      const b = isRecord(body) ? body : {};
      const weekday = b.deadlineWeekday;
      if (!Number.isInteger(weekday) || (weekday as number) < 1 || (weekday as number) > 7) throw badParameter('deadlineWeekday', '应为 1（周一）到 7（周日）');
      const time = typeof b.deadlineTime === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(b.deadlineTime) ? b.deadlineTime : null;
      if (!time) throw badParameter('deadlineTime', '应为 HH:MM（北京时间），如 18:00');
      const rankingFrom = b.rankingFrom == null || b.rankingFrom === '' ? null : parseIsoDate(String(b.rankingFrom));
      if (b.rankingFrom != null && b.rankingFrom !== '' && !rankingFrom) throw badParameter('rankingFrom', '应为 YYYY-MM-DD');
      const f = isRecord(b.footer) ? b.footer : {};
      await saveRhythmSettings(db, campaign.id, {
        deadlineWeekday: weekday as number,
        deadlineTime: time,
        rankingFrom,
        footer: { host: optionalText(f.host, 'footer.host', 100), supervisor: optionalText(f.supervisor, 'footer.supervisor', 100), issuer: optionalText(f.issuer, 'footer.issuer', 100), date: optionalText(f.date, 'footer.date', 40) },
      });
      return c.json(await rhythmSettings(db, campaign));
    });
}
