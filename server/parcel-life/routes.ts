import { Hono } from 'hono';
import { todayInChina } from '../../core/dates.ts';
import { lifePeriods, standingOn } from '../../core/parcel-life/standing.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { lifeOf, type ParcelLife } from './queries.ts';

/** The life route's answer. */
export interface ParcelLifeAnswer extends ParcelLife {
  date: string;
  periods: ReturnType<typeof lifePeriods>;
  standing: ReturnType<typeof standingOn>;
}

/**
 * GET /api/parcels/:id/life?date= — the parcel's life: its events on a line, the category in force between them,
 * and where it stood on the date (default: today in China), with any event that does not fit named.
 */
export function parcelLifeRoutes(db: Db) {
  return new Hono<AppEnv>().get('/:id/life', async (c) => {
    const id = params.positiveId('id', c.req.param('id'));
    const date = params.optionalDate('date', c.req.query('date')) ?? todayInChina();
    const life = await lifeOf(db, id);
    if (!life) throw notFound(`地块 ${id} `);
    const answer: ParcelLifeAnswer = { ...life, date, periods: lifePeriods(life.events, life.ledgerMu), standing: standingOn(life.events, date, life.ledgerMu) };
    return c.json(answer);
  });
}
