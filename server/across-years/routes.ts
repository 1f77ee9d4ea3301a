import { Hono } from 'hono';
import { todayInChina } from '../../core/dates.ts';
import type { AppEnv } from '../auth/types.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import { acrossYearsOf, campaignYears, yearRange, yearsSubject, type AcrossYears } from './queries.ts';
import { acrossYearsWorkbook } from './workbook.ts';
import { attachment } from '../http/attachment.ts';

/**
 * GET /api/ledger/across-years?unit=&from=&to= — 历年: per unit and year, 批而未供 digested and 闲置土地 disposed against
 *   the year's tasks, and the supply rate of the five years' approvals; `unit` is a unit code: a ledger's own unit
 *   (驻马店市: all its units and the total) or one of its units.
 * GET /api/ledger/across-years/sheet?unit=&from=&to= — the same as a print-ready .xlsx.
 */
export function acrossYearsRoutes(db: Db) {
  // A ledger's whole life is read for these figures: keep the answer while nothing has changed.
  const cache = new VersionedCache<AcrossYears>(50);
  const figures = async (query: Record<string, string | undefined>) => {
    const code = query.unit?.trim();
    if (!code) throw badParameter('unit', '请给出单位代码（如 411700 为全市台账，411702 为驿城区）');
    if (code.length > 40) throw badParameter('unit', `单位代码过长（${code.length} 个字符，上限 40）`);
    const subject = await yearsSubject(db, code);
    const campaigns = await campaignYears(db, subject.ledger.id);
    const years = yearRange(query.from, query.to, campaigns.map((c) => c.year));
    const version = await dataVersion(db);
    return cache.get(`${code}/${years.from}/${years.to}`, version, () => acrossYearsOf(db, subject, years, campaigns));
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await figures(c.req.query())))
    .get('/sheet', async (c) => {
      const data = await figures(c.req.query());
      const name = `历年考核指标-${data.ledger.name}-${data.years.from}-${data.years.to}.xlsx`;
      return c.body((await acrossYearsWorkbook(data, todayInChina())) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': attachment(`across-years-${data.ledger.code}-${data.years.from}-${data.years.to}.xlsx`, name),
      });
    });
}
